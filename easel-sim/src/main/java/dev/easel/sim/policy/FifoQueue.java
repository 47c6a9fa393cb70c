package dev.easel.sim.policy;

import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.WorkerSpec;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Predicate;

/** One first-in-first-out queue: the oldest job the worker can run goes first. */
final class FifoQueue implements QueueDiscipline {

    private final LinkedHashMap<String, Job> jobs;

    FifoQueue() {
        this.jobs = new LinkedHashMap<>();
    }

    private FifoQueue(LinkedHashMap<String, Job> jobs) {
        this.jobs = jobs;
    }

    @Override
    public void add(Job job) {
        jobs.put(job.id(), job);
    }

    @Override
    public boolean remove(Job job) {
        return jobs.remove(job.id()) != null;
    }

    @Override
    public Job next(WorkerSpec worker, Predicate<Job> runnable) {
        Iterator<Job> iterator = jobs.values().iterator();
        while (iterator.hasNext()) {
            Job job = iterator.next();
            if (runnable.test(job)) {
                iterator.remove();
                return job;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return jobs.isEmpty();
    }

    @Override
    public FifoQueue copy() {
        return new FifoQueue(new LinkedHashMap<>(jobs));
    }
}
