package dev.easel.core.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A batch the policy has chosen for a worker, with what it charged each job. */
final class BatchPlan {

    final WorkerView worker;
    final BatchKey key;
    final boolean modelSwitch;
    final double loadSeconds;
    final List<QueuedJob> jobs = new ArrayList<>(4);
    final List<UserQueue> owners = new ArrayList<>(4);

    /** Charge of each job in accelerator-seconds, unboxed because a projection forms a plan per batch. */
    private double[] charges = new double[4];

    /** Estimated run time of the whole batch, excluding any model load, in seconds. */
    double runSeconds;

    BatchPlan(WorkerView worker, BatchKey key, boolean modelSwitch, double loadSeconds) {
        this.worker = worker;
        this.key = key;
        this.modelSwitch = modelSwitch;
        this.loadSeconds = loadSeconds;
    }

    void add(QueuedJob job, UserQueue owner, double chargeSeconds) {
        if (jobs.size() == charges.length) {
            charges = Arrays.copyOf(charges, charges.length * 2);
        }
        charges[jobs.size()] = chargeSeconds;
        jobs.add(job);
        owners.add(owner);
        runSeconds += chargeSeconds;
    }

    /** Returns what the job at this index was charged, in accelerator-seconds. */
    double charge(int index) {
        return charges[index];
    }

    int size() {
        return jobs.size();
    }

    List<Integer> imagesPerJob() {
        List<Integer> images = new ArrayList<>(jobs.size());
        for (QueuedJob job : jobs) {
            images.add(job.job.images());
        }
        return images;
    }
}
