package dev.easel.server.worker;

import dev.easel.engine.BackendUnavailableException;
import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.EngineException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ModelBackend;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.OutputImage;
import dev.easel.engine.ParameterSchema;
import dev.easel.engine.ParameterSpec;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.Recipe;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A back end for tests and demos: it sleeps a fixed time per step instead of running a model, so
 * that queueing, progress, cancellation and crash recovery can be tested with exact timings.
 *
 * <p>It serves the model {@code timed@1} with capability {@code txt2img}. Each batch runs
 * {@code steps} steps of {@code stepTime} each, reports every step, and stops at the next step
 * boundary once cancelled. Each job's image is a small PNG whose pixels depend only on its seed,
 * width and height. With an input image, the output takes the input's size.
 *
 * <p>Prompt markers simulate faults. A prompt containing {@code UNAVAILABLE:<n>} makes the first
 * {@code n} runs of each job raise {@link BackendUnavailableException} before the first step, as a
 * remote service that is down or rate limited would answer; later runs of the job succeed. With a
 * suffix, {@code UNAVAILABLE:<n>/<ms>ms}, each failure carries a retry-after hint of that many
 * milliseconds, as an HTTP {@code Retry-After} would. A
 * prompt containing the crash marker crashes the worker
 * after the first step: with crash mode {@code error} the worker thread dies with a
 * {@link WorkerCrash}; with {@code halt} the whole JVM stops at once, as a machine crash would. A
 * prompt containing the hang marker sleeps for {@code hangTime} and ignores cancellation, as a
 * model stuck inside one long call would.
 *
 * <p>Thread-safe. The only state kept between batches is the count of unavailable runs per job
 * id, removed once the job gets past them (a job canceled before then leaves its entry).
 */
public final class TimedBackend implements ModelBackend {

    /** The failure a crash-marked prompt raises in {@code error} mode: the worker thread dies. */
    public static final class WorkerCrash extends Error {
        public WorkerCrash(String message) {
            super(message);
        }
    }

    /** Model id this back end serves. */
    public static final String MODEL = "timed";

    /**
     * Prompt marker, followed by a count, of runs that fail as unavailable: {@code UNAVAILABLE:2},
     * or {@code UNAVAILABLE:2/1500ms} with a retry-after hint.
     */
    public static final String UNAVAILABLE_MARKER = "UNAVAILABLE:";

    private static final Pattern UNAVAILABLE = Pattern.compile(Pattern.quote(UNAVAILABLE_MARKER) + "(\\d{1,3})(?:/(\\d{1,6})ms)?");

    private static final String FILE_HASH = "0000000000000000000000000000000000000000000000000000000000000000";

    private final Duration stepTime;
    private final int defaultSteps;
    private final int maxBatch;
    private final String crashMarker;
    private final boolean haltOnCrash;
    private final String hangMarker;
    private final Duration hangTime;
    private final Map<String, Integer> unavailableRuns = new ConcurrentHashMap<>();

    /**
     * @param stepTime     sleep per step
     * @param defaultSteps steps when a request names none
     * @param maxBatch     largest batch it runs in one call
     * @param crashMarker  prompt marker that crashes the worker; empty disables it
     * @param crashMode    {@code error} or {@code halt}
     * @param hangMarker   prompt marker that hangs; empty disables it
     * @param hangTime     how long a hang lasts
     */
    public TimedBackend(Duration stepTime, int defaultSteps, int maxBatch, String crashMarker, String crashMode,
                        String hangMarker, Duration hangTime) {
        if (!"error".equals(crashMode) && !"halt".equals(crashMode)) {
            throw new IllegalArgumentException("crash mode must be 'error' or 'halt', was '" + crashMode + "'");
        }
        this.stepTime = stepTime;
        this.defaultSteps = defaultSteps;
        this.maxBatch = maxBatch;
        this.crashMarker = crashMarker == null ? "" : crashMarker;
        this.haltOnCrash = "halt".equals(crashMode);
        this.hangMarker = hangMarker == null ? "" : hangMarker;
        this.hangTime = hangTime;
    }

    @Override
    public String id() {
        return "timed";
    }

    @Override
    public List<ModelInfo> models() {
        ParameterSchema schema = new ParameterSchema(List.of(
                ParameterSpec.text("prompt", "", 2000, "text of the request; markers trigger simulated faults"),
                ParameterSpec.integer("seed", 0, 0, Integer.MAX_VALUE, null, false, "seed of the rendered pattern"),
                ParameterSpec.integer("width", 64, 8, 512, 8, true, "output width in pixels"),
                ParameterSpec.integer("height", 64, 8, 512, 8, true, "output height in pixels"),
                ParameterSpec.integer("steps", defaultSteps, 1, 1000, null, true, "steps to simulate"),
                ParameterSpec.image("image", false, "optional input image; the output then takes its size")));
        return List.of(new ModelInfo(MODEL, "1", Set.of(Capability.TXT2IMG), schema, FILE_HASH, maxBatch, "Apache-2.0"));
    }

    @Override
    public List<JobOutput> run(BatchRequest request, ProgressListener progress, CancellationSignal cancellation) {
        long started = System.nanoTime();
        JobInput first = request.jobs().get(0);
        int steps = (int) first.longParam("steps", defaultSteps);
        simulateUnavailable(request);

        for (int step = 1; step <= steps; step++) {
            cancellation.throwIfCancelled();
            sleep(stepTime);
            progress.onStep(step, steps);
            if (step == 1) {
                simulateFaults(request);
            }
        }
        cancellation.throwIfCancelled();

        long durationMillis = (System.nanoTime() - started) / 1_000_000;
        List<JobOutput> outputs = new ArrayList<>();
        for (JobInput job : request.jobs()) {
            outputs.add(render(job, request.capability(), durationMillis));
        }
        return outputs;
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    /** Raises {@link BackendUnavailableException} while a job marked {@code UNAVAILABLE:<n>} has had fewer than n runs. */
    private void simulateUnavailable(BatchRequest request) {
        for (JobInput job : request.jobs()) {
            Matcher marker = UNAVAILABLE.matcher(job.stringParam("prompt", ""));
            if (!marker.find()) {
                continue;
            }
            int failures = Integer.parseInt(marker.group(1));
            int run = unavailableRuns.merge(job.jobId(), 1, Integer::sum);
            if (run <= failures) {
                Duration retryAfter = marker.group(2) == null ? null : Duration.ofMillis(Long.parseLong(marker.group(2)));
                throw new BackendUnavailableException("simulated: the back end is unavailable (run " + run + " of job "
                        + job.jobId() + ", " + failures + " planned)", retryAfter, null);
            }
            unavailableRuns.remove(job.jobId());
        }
    }

    private void simulateFaults(BatchRequest request) {
        for (JobInput job : request.jobs()) {
            String prompt = job.stringParam("prompt", "");
            if (!crashMarker.isEmpty() && prompt.contains(crashMarker)) {
                if (haltOnCrash) {
                    Runtime.getRuntime().halt(137);
                }
                throw new WorkerCrash("simulated worker crash: prompt contains " + crashMarker);
            }
            if (!hangMarker.isEmpty() && prompt.contains(hangMarker)) {
                sleepIgnoringInterrupts(hangTime);
            }
        }
    }

    private JobOutput render(JobInput job, Capability capability, long durationMillis) {
        int width = job.image() == null ? (int) job.longParam("width", 64) : job.image().getWidth();
        int height = job.image() == null ? (int) job.longParam("height", 64) : job.image().getHeight();
        long seed = job.longParam("seed", 0);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, pixel(seed, x, y));
            }
        }
        byte[] png = encodePng(image);
        Recipe recipe = new Recipe(MODEL, "1", FILE_HASH, id(), capability.wireName(), job.parameters(), seed, durationMillis);
        return new JobOutput(job.jobId(), List.of(new OutputImage(png, "image/png", width, height, seed)), recipe);
    }

    private static int pixel(long seed, int x, int y) {
        long mixed = seed * 0x9E3779B97F4A7C15L;
        int red = (int) ((mixed >>> 16) + x * 4) & 0xFF;
        int green = (int) ((mixed >>> 32) + y * 4) & 0xFF;
        int blue = (int) ((mixed >>> 48) + (x ^ y)) & 0xFF;
        return (red << 16) | (green << 8) | blue;
    }

    private static byte[] encodePng(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while simulating a step");
        }
    }

    private static void sleepIgnoringInterrupts(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        boolean interrupted = false;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
