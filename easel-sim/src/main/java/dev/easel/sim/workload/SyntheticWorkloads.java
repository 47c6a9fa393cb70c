package dev.easel.sim.workload;

import dev.easel.core.schedule.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic arrival processes: Poisson, bursty (on/off modulated Poisson) and a flood on top of
 * either.
 *
 * <p>Each generator picks its mean arrival rate so that the offered solo work matches the load:
 * {@code rate = load * slots / mean solo run time}, where slots are workers times the
 * batches each runs at once. Users are {@code u0000}…, each arrival's
 * user is drawn uniformly, and tiers come from the tier mix.
 */
public final class SyntheticWorkloads {

    /** User id of the flooding user added by {@link #withFlood}. */
    public static final String FLOOD_USER = "flood";

    private SyntheticWorkloads() {
    }

    /** Returns {@code jobs} Poisson arrivals from {@code users} users. */
    public static Workload poisson(int users, int jobs, double load, int slots, ShapeSource shapes, TierMix tierMix, long seed) {
        checkCounts(users, jobs, load, slots);
        double ratePerMilli = load * slots / shapes.meanSoloMillis();
        SplittableRandom random = new SplittableRandom(seed);
        List<SimJob> result = new ArrayList<>(jobs);
        double time = 0;
        for (int i = 0; i < jobs; i++) {
            time += exponential(random, ratePerMilli);
            result.add(job(i, randomUser(random, users), (long) time, shapes.sample(random), tierMix, false));
        }
        String description = String.format("Poisson arrivals, %d jobs from %d users, load %.2f on %d slots; %s",
                jobs, users, load, slots, shapes.description());
        return new Workload("poisson", description, result);
    }

    /**
     * Returns {@code jobs} bursty arrivals: the rate alternates between a peak phase at
     * {@code peakFactor} times the mean rate and a quiet phase, with exponentially distributed
     * phase lengths (peak phases average 10 minutes and take {@code peakFraction} of the time).
     *
     * @throws IllegalArgumentException when {@code peakFactor * peakFraction} is not below 1
     */
    public static Workload bursty(int users, int jobs, double load, int slots, ShapeSource shapes, TierMix tierMix, long seed,
                                  double peakFactor, double peakFraction) {
        checkCounts(users, jobs, load, slots);
        if (!(peakFactor >= 1) || !(peakFraction > 0) || !(peakFactor * peakFraction < 1)) {
            throw new IllegalArgumentException("bursty workload: peak factor " + peakFactor + " times peak fraction "
                    + peakFraction + " must be below 1, with the factor at least 1 and the fraction above 0");
        }
        double meanRate = load * slots / shapes.meanSoloMillis();
        double peakRate = peakFactor * meanRate;
        double quietRate = meanRate * (1 - peakFactor * peakFraction) / (1 - peakFraction);
        double meanPeakMillis = 10 * 60_000;
        double meanQuietMillis = meanPeakMillis * (1 - peakFraction) / peakFraction;

        SplittableRandom random = new SplittableRandom(seed);
        List<SimJob> result = new ArrayList<>(jobs);
        double time = 0;
        boolean peak = false;
        double phaseEnd = exponential(random, 1 / meanQuietMillis);
        while (result.size() < jobs) {
            double rate = peak ? peakRate : quietRate;
            double next = time + exponential(random, rate);
            if (next >= phaseEnd) {
                // Memorylessness lets the next phase start its own clock at the boundary.
                time = phaseEnd;
                peak = !peak;
                phaseEnd = time + exponential(random, 1 / (peak ? meanPeakMillis : meanQuietMillis));
                continue;
            }
            time = next;
            result.add(job(result.size(), randomUser(random, users), (long) time, shapes.sample(random), tierMix, false));
        }
        String description = String.format(
                "bursty arrivals, %d jobs from %d users, load %.2f on %d slots, peaks at %.1fx the mean rate for %.0f%% of the time; %s",
                jobs, users, load, slots, peakFactor, peakFraction * 100, shapes.description());
        return new Workload("bursty", description, result);
    }

    /**
     * Adds one flooding user to a workload: Poisson arrivals over the workload's span at
     * {@code factor} times the combined arrival rate of all its other users.
     *
     * @param tier the flooding user's tier
     * @throws IllegalArgumentException when the factor is not positive or the workload spans no time
     */
    public static Workload withFlood(Workload base, double factor, String tier, ShapeSource shapes, long seed) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("flood factor must be greater than 0, was " + factor);
        }
        long span = base.spanMillis();
        if (span <= 0) {
            throw new IllegalArgumentException("cannot add a flood to a workload that spans no time");
        }
        double ratePerMilli = factor * base.jobs().size() / span;
        long start = base.jobs().get(0).arrivalMillis();
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<SimJob> jobs = new ArrayList<>(base.jobs());
        double time = start;
        int index = 0;
        while (true) {
            time += exponential(random, ratePerMilli);
            if (time > start + span) {
                break;
            }
            JobShape shape = shapes.sample(random);
            String id = "f" + index++;
            Job job = new Job(id, id, FLOOD_USER, tier, shape.batchKey(FLOOD_USER), shape.images(), (long) time);
            jobs.add(new SimJob(job, shape.soloRunMillis(), true));
        }
        String description = String.format("%s; plus user '%s' in tier %s flooding %d jobs at %.1fx the other users' combined rate (%s)",
                base.description(), FLOOD_USER, tier, index, factor, shapes.description());
        return new Workload(base.name() + "+flood", description, jobs);
    }

    private static SimJob job(int index, String user, long arrival, JobShape shape, TierMix tierMix, boolean flood) {
        String id = "j" + index;
        Job job = new Job(id, id, user, tierMix.tierOf(user), shape.batchKey(user), shape.images(), arrival);
        return new SimJob(job, shape.soloRunMillis(), flood);
    }

    private static String randomUser(SplittableRandom random, int users) {
        return String.format("u%04d", random.nextInt(users));
    }

    private static double exponential(SplittableRandom random, double ratePerMilli) {
        return -Math.log(1 - random.nextDouble()) / ratePerMilli;
    }

    private static void checkCounts(int users, int jobs, double load, int slots) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, was " + users);
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, was " + jobs);
        }
        if (!(load > 0)) {
            throw new IllegalArgumentException("load must be greater than 0, was " + load);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, was " + slots);
        }
    }
}
