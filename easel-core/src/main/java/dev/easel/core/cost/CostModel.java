package dev.easel.core.cost;

import dev.easel.core.schedule.BatchKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Estimates what jobs cost in accelerator-seconds, and learns from observed run times.
 *
 * <p>Estimates start from {@link CostPriors} and are corrected online:
 * <ul>
 *   <li>a <em>solo ratio</em> per model, capability and size bucket (pixel count rounded to a power
 *       of two) multiplies the prior; it learns from batches of one job;</li>
 *   <li>an <em>image efficiency</em> per model and capability gives the cost of each extra image in
 *       one job as a fraction of a one-image job; it learns from batches of one job with several
 *       images, once the bucket's solo ratio has seen a one-image job;</li>
 *   <li>a <em>batch efficiency</em> per model and capability gives the cost of each extra job in a
 *       batch as a fraction of its solo cost; it learns from batches of several jobs;</li>
 *   <li>a <em>load time</em> per model gives the cost of switching a worker to it.</li>
 * </ul>
 * A batch of jobs with solo costs {@code s1..sn} costs {@code s1 + e * (s2 + ... + sn)}, so each job
 * is charged its marginal cost: the first its solo cost, every later one {@code e} times its own.
 * A job of n images costs {@code s1 * (1 + i * (n - 1))}, with {@code s1} its one-image cost and
 * {@code i} the image efficiency. The two are learned apart because they differ widely. Images of
 * one job often share a single forward pass: one production Stable Diffusion service took a median
 * 20 s for one image and 30 s for eight. Batched jobs may not.
 *
 * <p>Not thread-safe: the scheduler that owns it serialises every call.
 */
public final class CostModel {

    private static final double MIN_EFFICIENCY = 0.02;
    private static final double MAX_EFFICIENCY = 1.5;
    private static final double MIN_RATIO = 0.01;
    private static final double MAX_RATIO = 100.0;

    /** Maximum number of keys whose estimate parts are kept at once. */
    private static final int MAX_KEPT_KEYS = 256;

    private final CostPriors priors;
    private final Map<SizeBucket, RunningMean> soloRatios = new HashMap<>();
    private final Map<ModelCapability, RunningMean> efficiencies = new HashMap<>();
    private final Map<ModelCapability, RunningMean> imageEfficiencies = new HashMap<>();
    private final Set<SizeBucket> bucketsWithOneImageJob = new HashSet<>();
    private final Map<String, RunningMean> loadSeconds = new HashMap<>();

    /**
     * Estimate parts of the keys estimated since the last batch was learned from, by key object. The
     * scheduler passes the same interned key objects for every job it places, live and in
     * projections, and each estimate costs several lookups. Replaced by an empty map when a batch is
     * learned from or when it contains {@link #MAX_KEPT_KEYS} keys, rather than cleared, because a
     * clear writes its whole table and the live scheduler learns from every finished batch. Load
     * times are not kept.
     */
    private Map<BatchKey, KeyEstimate> estimates = new IdentityHashMap<>();

    /** Estimate parts of the key estimated last, which a batch requests once per job. */
    private BatchKey lastKey;
    private KeyEstimate lastEstimate;

    private CostModel(CostPriors priors) {
        this.priors = Objects.requireNonNull(priors, "priors");
    }

    /** Creates a model that starts from these priors and has learned nothing yet. */
    public static CostModel create(CostPriors priors) {
        return new CostModel(priors);
    }

    /** Returns the priors this model started from. */
    public CostPriors priors() {
        return priors;
    }

    /** Returns the estimated seconds to run one job with this key and image count alone. */
    public double soloSeconds(BatchKey key, int images) {
        return estimateOf(key).soloSeconds(images);
    }

    /**
     * Returns the seconds a job adds to a batch: its solo cost when it is the first job
     * ({@code indexInBatch == 0}), and its solo cost times the batch efficiency after that.
     */
    public double marginalSeconds(BatchKey key, int images, int indexInBatch) {
        KeyEstimate estimate = estimateOf(key);
        double solo = estimate.soloSeconds(images);
        return indexInBatch == 0 ? solo : solo * estimate.batchEfficiency();
    }

    /** Returns the estimate parts of this key, computed unless they are kept. */
    private KeyEstimate estimateOf(BatchKey key) {
        if (key == lastKey) {
            return lastEstimate;
        }
        KeyEstimate estimate = estimates.get(key);
        if (estimate == null) {
            if (estimates.size() >= MAX_KEPT_KEYS) {
                estimates = new IdentityHashMap<>();
            }
            estimate = new KeyEstimate(priorOneImage(key) * soloRatio(key), imageEfficiency(key), batchEfficiency(key));
            estimates.put(key, estimate);
        }
        lastKey = key;
        lastEstimate = estimate;
        return estimate;
    }

    /** Forgets the kept estimate parts, after learning changed them. */
    private void forgetEstimates() {
        if (!estimates.isEmpty()) {
            estimates = new IdentityHashMap<>();
        }
        lastKey = null;
        lastEstimate = null;
    }

    /** Returns the estimated seconds of a whole batch of jobs with these image counts, in batch order. */
    public double batchSeconds(BatchKey key, List<Integer> imagesPerJob) {
        double total = 0;
        for (int i = 0; i < imagesPerJob.size(); i++) {
            total += marginalSeconds(key, imagesPerJob.get(i), i);
        }
        return total;
    }

    /** Returns the cost of each extra batched job as a fraction of its solo cost, learned or prior. */
    public double batchEfficiency(BatchKey key) {
        RunningMean learned = efficiencies.get(new ModelCapability(key.model(), key.capability()));
        return learned == null ? priors.batchEfficiency() : learned.value();
    }

    /**
     * Returns the cost of each extra image in one job as a fraction of a one-image job, learned or,
     * until then, the prior batch efficiency.
     */
    public double imageEfficiency(BatchKey key) {
        RunningMean learned = imageEfficiencies.get(new ModelCapability(key.model(), key.capability()));
        return learned == null ? priors.batchEfficiency() : learned.value();
    }

    /** Returns the estimated seconds to load a model onto a worker that does not have it. */
    public double loadSeconds(String model) {
        RunningMean learned = loadSeconds.get(model);
        if (learned != null) {
            return learned.value();
        }
        Double prior = priors.loadSecondsByModel().get(model);
        return prior != null ? prior : priors.defaultLoadSeconds();
    }

    /**
     * Learns from a finished batch.
     *
     * @param key             the batch key
     * @param imagesPerJob    images of each job, in batch order; not empty
     * @param observedSeconds wall time of the run, excluding any model load; ignored unless positive
     */
    public void observeBatch(BatchKey key, List<Integer> imagesPerJob, double observedSeconds) {
        if (imagesPerJob.isEmpty() || !(observedSeconds > 0) || Double.isInfinite(observedSeconds)) {
            return;
        }
        if (imagesPerJob.size() == 1) {
            learnSoloRatio(key, imagesPerJob.get(0), observedSeconds);
        } else {
            learnEfficiency(key, imagesPerJob, observedSeconds);
        }
        forgetEstimates();
    }

    /** Learns an observed model load time, in seconds; ignored unless positive. */
    public void observeLoad(String model, double observedSeconds) {
        if (!(observedSeconds > 0) || Double.isInfinite(observedSeconds)) {
            return;
        }
        loadSeconds.computeIfAbsent(model, m -> new RunningMean(loadSeconds(m))).add(observedSeconds);
    }

    /**
     * Learns from a batch of one job. A one-image job teaches the bucket's solo ratio. A job of
     * several images teaches the image efficiency once the ratio has seen a one-image job, and the
     * ratio (through the current image factor) before that, so that a model only ever asked for
     * several images still learns its speed.
     */
    private void learnSoloRatio(BatchKey key, int images, double observedSeconds) {
        SizeBucket bucket = SizeBucket.of(key);
        if (images > 1 && bucketsWithOneImageJob.contains(bucket)) {
            double oneImage = priorOneImage(key) * soloRatio(key);
            double efficiency = (observedSeconds / oneImage - 1.0) / (images - 1);
            efficiency = Math.max(0.0, Math.min(MAX_EFFICIENCY, efficiency));
            imageEfficiencies.computeIfAbsent(new ModelCapability(key.model(), key.capability()),
                    k -> new RunningMean(priors.batchEfficiency())).add(efficiency);
            return;
        }
        if (images <= 1) {
            bucketsWithOneImageJob.add(bucket);
        }
        double ratio = observedSeconds / (priorOneImage(key) * imageFactor(key, images));
        ratio = Math.max(MIN_RATIO, Math.min(MAX_RATIO, ratio));
        soloRatios.computeIfAbsent(bucket, b -> new RunningMean(1.0)).add(ratio);
    }

    private double imageFactor(BatchKey key, int images) {
        return 1.0 + imageEfficiency(key) * (Math.max(1, images) - 1);
    }

    private void learnEfficiency(BatchKey key, List<Integer> imagesPerJob, double observedSeconds) {
        double first = soloSeconds(key, imagesPerJob.get(0));
        double rest = 0;
        for (int i = 1; i < imagesPerJob.size(); i++) {
            rest += soloSeconds(key, imagesPerJob.get(i));
        }
        double efficiency = (observedSeconds - first) / rest;
        efficiency = Math.max(MIN_EFFICIENCY, Math.min(MAX_EFFICIENCY, efficiency));
        efficiencies.computeIfAbsent(new ModelCapability(key.model(), key.capability()),
                k -> new RunningMean(priors.batchEfficiency())).add(efficiency);
    }

    private double soloRatio(BatchKey key) {
        RunningMean learned = soloRatios.get(SizeBucket.of(key));
        return learned == null ? 1.0 : learned.value();
    }

    private double priorOneImage(BatchKey key) {
        Double base = priors.secondsByModel().get(key.model());
        if (base == null) {
            base = priors.secondsByCapability().get(key.capability());
        }
        if (base == null) {
            base = priors.defaultSeconds();
        }
        double pixelFactor = key.pixels() > 0 ? (double) key.pixels() / priors.referencePixels() : 1.0;
        double stepFactor = key.steps() > 0 ? (double) key.steps() / priors.referenceSteps() : 1.0;
        double loraFactor = 1.0 + priors.loraOverhead() * key.loras().size();
        return base * pixelFactor * stepFactor * loraFactor;
    }

    private record ModelCapability(String model, String capability) {
    }

    /**
     * The parts of a key's estimates: its one-image solo seconds, and its image and batch
     * efficiencies. {@link #soloSeconds(int)} multiplies them in the order {@link
     * CostModel#soloSeconds} always has, so kept parts give the same value to the last bit.
     */
    private record KeyEstimate(double oneImageSeconds, double imageEfficiency, double batchEfficiency) {

        double soloSeconds(int images) {
            return oneImageSeconds * (1.0 + imageEfficiency * (Math.max(1, images) - 1));
        }
    }

    /** Model, capability and pixel count rounded to the nearest power of two. */
    private record SizeBucket(String model, String capability, int log2Pixels) {

        static SizeBucket of(BatchKey key) {
            int log2 = key.pixels() > 0 ? (int) Math.round(Math.log(key.pixels()) / Math.log(2)) : 0;
            return new SizeBucket(key.model(), key.capability(), log2);
        }
    }
}
