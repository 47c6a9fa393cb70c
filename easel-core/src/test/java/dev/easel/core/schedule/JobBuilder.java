package dev.easel.core.schedule;

import java.util.List;

/** Builds jobs for tests: txt2img on model {@code m1} at 512x512, 20 steps, tier normal, user u1. */
final class JobBuilder {

    private static long nextId;

    private String id = "j" + (nextId++);
    private String user = "u1";
    private String tier = "normal";
    private String model = "m1";
    private int width = 512;
    private int height = 512;
    private int steps = 20;
    private int images = 1;
    private long submittedAtMillis;

    static JobBuilder aJob() {
        return new JobBuilder();
    }

    JobBuilder id(String value) {
        id = value;
        return this;
    }

    JobBuilder user(String value) {
        user = value;
        return this;
    }

    JobBuilder tier(String value) {
        tier = value;
        return this;
    }

    JobBuilder model(String value) {
        model = value;
        return this;
    }

    JobBuilder size(int w, int h) {
        width = w;
        height = h;
        return this;
    }

    JobBuilder steps(int value) {
        steps = value;
        return this;
    }

    JobBuilder images(int value) {
        images = value;
        return this;
    }

    JobBuilder at(long millis) {
        submittedAtMillis = millis;
        return this;
    }

    Job build() {
        BatchKey key = new BatchKey(model, "txt2img", width, height, steps, "euler", 7.0, List.of());
        return new Job(id, "task-" + id, user, tier, key, images, submittedAtMillis);
    }
}
