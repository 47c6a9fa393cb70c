package dev.easel.sim.policy;

import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.TierConfig;
import dev.easel.core.schedule.WorkerSpec;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Round robin over users with queued jobs, FIFO inside each user, ignoring tiers.
 *
 * <p>It stands for the per-user fair queues that services bolt onto a job queue (one list per
 * user, served in turn): fair in job counts between users, blind to tiers, to job cost, to
 * batching and to the models workers have loaded.
 */
final class UserRoundRobinScheduler extends QueueScheduler {

    private final UserRing queue = new UserRing();

    UserRoundRobinScheduler(LongSupplier clock, List<TierConfig> tiers) {
        super(clock, tiers);
    }

    @Override
    QueueDiscipline queue() {
        return queue;
    }

    /** Users with queued jobs in turn order; each user's jobs in submit order. */
    static final class UserRing implements QueueDiscipline {

        private final Map<String, ArrayDeque<Job>> byUser;
        private final ArrayDeque<String> turns;

        UserRing() {
            this(new HashMap<>(), new ArrayDeque<>());
        }

        private UserRing(Map<String, ArrayDeque<Job>> byUser, ArrayDeque<String> turns) {
            this.byUser = byUser;
            this.turns = turns;
        }

        @Override
        public void add(Job job) {
            ArrayDeque<Job> jobs = byUser.get(job.user());
            if (jobs == null) {
                jobs = new ArrayDeque<>();
                byUser.put(job.user(), jobs);
                turns.addLast(job.user());
            }
            jobs.addLast(job);
        }

        @Override
        public boolean remove(Job job) {
            ArrayDeque<Job> jobs = byUser.get(job.user());
            if (jobs == null || !jobs.removeIf(queued -> queued.id().equals(job.id()))) {
                return false;
            }
            if (jobs.isEmpty()) {
                byUser.remove(job.user());
                turns.remove(job.user());
            }
            return true;
        }

        @Override
        public Job next(WorkerSpec worker, Predicate<Job> runnable) {
            for (int tried = 0, users = turns.size(); tried < users; tried++) {
                String user = turns.pollFirst();
                ArrayDeque<Job> jobs = byUser.get(user);
                Job job = takeFirstRunnable(jobs, runnable);
                if (jobs.isEmpty()) {
                    byUser.remove(user);
                } else {
                    turns.addLast(user);
                }
                if (job != null) {
                    return job;
                }
            }
            return null;
        }

        private static Job takeFirstRunnable(ArrayDeque<Job> jobs, Predicate<Job> runnable) {
            Iterator<Job> iterator = jobs.iterator();
            while (iterator.hasNext()) {
                Job job = iterator.next();
                if (runnable.test(job)) {
                    iterator.remove();
                    return job;
                }
            }
            return null;
        }

        @Override
        public UserRing copy() {
            Map<String, ArrayDeque<Job>> copies = new HashMap<>();
            byUser.forEach((user, jobs) -> copies.put(user, new ArrayDeque<>(jobs)));
            return new UserRing(copies, new ArrayDeque<>(turns));
        }
    }
}
