package dev.easel.server.config;

import dev.easel.server.task.RetryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every {@code easel.*} setting. Defaults live in {@code application.yaml}; each one can be
 * overridden by an environment variable through Spring's relaxed binding, for example
 * {@code EASEL_WORKERS_COUNT=2} for {@code easel.workers.count}.
 */
@ConfigurationProperties("easel")
public class EaselProperties {

    private final Store store = new Store();
    private final Outputs outputs = new Outputs();
    private final Workers workers = new Workers();
    private final Retry retry = new Retry();
    private final Cancel cancel = new Cancel();
    private final Api api = new Api();
    private final Events events = new Events();
    private final Backends backends = new Backends();
    private final SchedulerProperties scheduler = new SchedulerProperties();
    private List<Tier> tiers = new ArrayList<>();

    public Store getStore() {
        return store;
    }

    public Outputs getOutputs() {
        return outputs;
    }

    public Workers getWorkers() {
        return workers;
    }

    public Retry getRetry() {
        return retry;
    }

    public Cancel getCancel() {
        return cancel;
    }

    public Api getApi() {
        return api;
    }

    public Events getEvents() {
        return events;
    }

    public Backends getBackends() {
        return backends;
    }

    public SchedulerProperties getScheduler() {
        return scheduler;
    }

    public List<Tier> getTiers() {
        return tiers;
    }

    public void setTiers(List<Tier> tiers) {
        this.tiers = tiers;
    }

    /** The store's writer. */
    public static class Store {
        /** Most writes grouped into one transaction. */
        private int maxGroup = 512;

        public int getMaxGroup() {
            return maxGroup;
        }

        public void setMaxGroup(int maxGroup) {
            this.maxGroup = maxGroup;
        }
    }

    /** The output folder of generated images. */
    public static class Outputs {
        private Path dir = Path.of("data/outputs");

        public Path getDir() {
            return dir;
        }

        public void setDir(Path dir) {
            this.dir = dir;
        }
    }

    /** In-process workers. */
    public static class Workers {
        /** Number of in-process workers. */
        private int count = 1;
        /** Batches each worker runs at once. */
        private int slots = 1;
        /** Worker pool name, matched against the tiers' pool lists. */
        private String pool = "default";
        /** Back ends every worker hosts, by name: tiny-sd, isnet, upscale and timed. */
        private List<String> backends = new ArrayList<>(List.of("tiny-sd", "isnet", "upscale"));
        /**
         * How long a shutdown waits for running back-end calls to return after asking them to
         * stop; when it runs out, the model sessions are left open (not closed under a running call).
         */
        private java.time.Duration shutdownWait = java.time.Duration.ofSeconds(30);

        public java.time.Duration getShutdownWait() {
            return shutdownWait;
        }

        public void setShutdownWait(java.time.Duration shutdownWait) {
            this.shutdownWait = shutdownWait;
        }


        public int getCount() {
            return count;
        }

        public void setCount(int count) {
            this.count = count;
        }

        public int getSlots() {
            return slots;
        }

        public void setSlots(int slots) {
            this.slots = slots;
        }

        public String getPool() {
            return pool;
        }

        public void setPool(String pool) {
            this.pool = pool;
        }

        public List<String> getBackends() {
            return backends;
        }

        public void setBackends(List<String> backends) {
            this.backends = backends;
        }
    }

    /** Retries of failed attempts. */
    public static class Retry {
        /** Attempts per task, the first included. */
        private int maxAttempts = 3;
        /** Wait before the second attempt; doubles per attempt up to {@code maxBackoff}. */
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(60);
        /**
         * How long a job waits for a back end that reports itself unavailable or rate limited, retrying
         * without using up attempts, before its task fails.
         */
        private Duration unavailableFor = RetryPolicy.DEFAULT_UNAVAILABLE_FOR;

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public Duration getUnavailableFor() {
            return unavailableFor;
        }

        public void setUnavailableFor(Duration unavailableFor) {
            this.unavailableFor = unavailableFor;
        }
    }

    /** Cancellation of running work. */
    public static class Cancel {
        /** How long a running batch may take to stop after a cancel before its worker is replaced. */
        private Duration grace = Duration.ofSeconds(15);

        public Duration getGrace() {
            return grace;
        }

        public void setGrace(Duration grace) {
            this.grace = grace;
        }
    }

    /** HTTP API limits. */
    public static class Api {
        /** Largest accepted request body, in bytes. */
        private long maxBodyBytes = 20_971_520;
        /** Tier of a task whose request names none. */
        private String defaultTier = "normal";
        /** Largest page of GET /v1/tasks. */
        private int maxPageSize = 100;
        /** How long a request waits for the dispatch loop (cost, cancel, position) before it gives up. */
        private Duration dispatchTimeout = Duration.ofSeconds(2);
        /** How long a submit waits for its queue position and ETA before it responds without them. */
        private Duration placementWait = Duration.ofMillis(30);

        public long getMaxBodyBytes() {
            return maxBodyBytes;
        }

        public void setMaxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
        }

        public String getDefaultTier() {
            return defaultTier;
        }

        public void setDefaultTier(String defaultTier) {
            this.defaultTier = defaultTier;
        }

        public int getMaxPageSize() {
            return maxPageSize;
        }

        public void setMaxPageSize(int maxPageSize) {
            this.maxPageSize = maxPageSize;
        }

        public Duration getDispatchTimeout() {
            return dispatchTimeout;
        }

        public void setDispatchTimeout(Duration dispatchTimeout) {
            this.dispatchTimeout = dispatchTimeout;
        }

        public Duration getPlacementWait() {
            return placementWait;
        }

        public void setPlacementWait(Duration placementWait) {
            this.placementWait = placementWait;
        }
    }

    /** Server-Sent Events. */
    public static class Events {
        /** How long the events of a finished task stay in memory for reconnecting clients. */
        private Duration retention = Duration.ofMinutes(10);
        /** Most events kept per task; older ones are dropped first. */
        private int maxPerTask = 2000;
        /** How long one SSE connection stays open. */
        private Duration streamTimeout = Duration.ofMinutes(30);
        /** Interval of keep-alive comments on an idle stream. */
        private Duration heartbeat = Duration.ofSeconds(15);

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        public int getMaxPerTask() {
            return maxPerTask;
        }

        public void setMaxPerTask(int maxPerTask) {
            this.maxPerTask = maxPerTask;
        }

        public Duration getStreamTimeout() {
            return streamTimeout;
        }

        public void setStreamTimeout(Duration streamTimeout) {
            this.streamTimeout = streamTimeout;
        }

        public Duration getHeartbeat() {
            return heartbeat;
        }

        public void setHeartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
        }
    }

    /** Settings of each back end. */
    public static class Backends {
        private final Timed timed = new Timed();
        private final TinySd tinySd = new TinySd();
        /** Folder of the fetched real models. */
        private Path modelsDir = Path.of("data/models");

        public Timed getTimed() {
            return timed;
        }

        public TinySd getTinySd() {
            return tinySd;
        }

        public Path getModelsDir() {
            return modelsDir;
        }

        public void setModelsDir(Path modelsDir) {
            this.modelsDir = modelsDir;
        }
    }

    /** The timed test back end. */
    public static class Timed {
        private Duration stepTime = Duration.ofMillis(100);
        private int steps = 10;
        private int maxBatch = 4;
        /** A prompt containing this marker crashes the worker; empty disables it. */
        private String crashMarker = "CRASH";
        /** {@code error}: the worker thread dies and the attempt fails; {@code halt}: the whole JVM stops. */
        private String crashMode = "error";
        /** A prompt containing this marker hangs, ignoring cancellation; empty disables it. */
        private String hangMarker = "HANG";
        private Duration hangTime = Duration.ofSeconds(60);

        public Duration getStepTime() {
            return stepTime;
        }

        public void setStepTime(Duration stepTime) {
            this.stepTime = stepTime;
        }

        public int getSteps() {
            return steps;
        }

        public void setSteps(int steps) {
            this.steps = steps;
        }

        public int getMaxBatch() {
            return maxBatch;
        }

        public void setMaxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
        }

        public String getCrashMarker() {
            return crashMarker;
        }

        public void setCrashMarker(String crashMarker) {
            this.crashMarker = crashMarker;
        }

        public String getCrashMode() {
            return crashMode;
        }

        public void setCrashMode(String crashMode) {
            this.crashMode = crashMode;
        }

        public String getHangMarker() {
            return hangMarker;
        }

        public void setHangMarker(String hangMarker) {
            this.hangMarker = hangMarker;
        }

        public Duration getHangTime() {
            return hangTime;
        }

        public void setHangTime(Duration hangTime) {
            this.hangTime = hangTime;
        }
    }

    /** The bundled tiny Stable Diffusion demo model. */
    public static class TinySd {
        private Path modelDir = Path.of("models/tiny-sd");

        public Path getModelDir() {
            return modelDir;
        }

        public void setModelDir(Path modelDir) {
            this.modelDir = modelDir;
        }
    }

    /** One scheduler tier. */
    public static class Tier {
        private String name;
        private double weight = 1;
        private boolean strictPriority;
        private int maxQueued = 100_000;
        private int maxQueuedPerUser;
        private Duration maxWait = Duration.ofMinutes(10);
        private List<String> pools = new ArrayList<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public double getWeight() {
            return weight;
        }

        public void setWeight(double weight) {
            this.weight = weight;
        }

        public boolean isStrictPriority() {
            return strictPriority;
        }

        public void setStrictPriority(boolean strictPriority) {
            this.strictPriority = strictPriority;
        }

        public int getMaxQueued() {
            return maxQueued;
        }

        public void setMaxQueued(int maxQueued) {
            this.maxQueued = maxQueued;
        }

        public int getMaxQueuedPerUser() {
            return maxQueuedPerUser;
        }

        public void setMaxQueuedPerUser(int maxQueuedPerUser) {
            this.maxQueuedPerUser = maxQueuedPerUser;
        }

        public Duration getMaxWait() {
            return maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        public List<String> getPools() {
            return pools;
        }

        public void setPools(List<String> pools) {
            this.pools = pools;
        }
    }
}
