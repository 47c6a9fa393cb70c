package dev.easel.bench;

import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.onnx.OnnxSessionFactory;
import dev.easel.engine.onnx.OnnxSettings;
import dev.easel.engine.onnx.SessionCallTimer;
import dev.easel.engine.sd.StableDiffusionBackend;
import dev.easel.engine.sd.StableDiffusionBackend.ModelSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One 64x64, 20-step Euler txt2img generation with guidance 7.5 on the bundled tiny model, at
 * batch 1 and 4, through {@link StableDiffusionBackend#run} (tokenizing, sampler maths, tensor
 * copies and PNG encoding with the recipe included).
 *
 * <p>Besides the time per batch it reports the wall time outside and inside ONNX Runtime session
 * calls ({@code outsideMs}, {@code sessionMs}, from the back end's {@link SessionCallTimer}) and
 * prints the share outside at the end of each trial.
 *
 * <p>Run: {@code mvn -Pbench -DskipTests package -pl easel-core,easel-engine,easel-bench -am} and then
 * {@code java -jar easel-bench/target/benchmarks.jar StableDiffusionBenchmark -Deasel.tinySd=models/tiny-sd}
 * from the repository root. {@code -p threads=N} sets ONNX Runtime's intra-op threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class StableDiffusionBenchmark {

    @Param({"1", "4"})
    int batch;

    @Param({"1"})
    int threads;

    private StableDiffusionBackend backend;
    private BatchRequest request;

    /**
     * Time outside and inside ONNX Runtime session calls, in milliseconds, summed over each
     * iteration. JMH also sums EVENTS counters over the iterations, so the result table shows
     * totals, and their ratio is the share. The trial's share over the measurement iterations
     * is printed at the end.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Shares {

        /** Wall time outside session calls, in milliseconds. */
        public double outsideMs;

        /** Wall time inside session calls, in milliseconds. */
        public double sessionMs;

        private boolean measuring;
        private double trialOutsideMs;
        private double trialSessionMs;

        @Setup(Level.Iteration)
        public void reset(IterationParams iteration) {
            outsideMs = 0;
            sessionMs = 0;
            measuring = iteration.getType() == IterationType.MEASUREMENT;
        }

        @TearDown(Level.Trial)
        public void report() {
            double wall = trialOutsideMs + trialSessionMs;
            System.out.printf("%noutside-session share over the measurement iterations: %.2f %% of %.0f ms%n", 100 * trialOutsideMs / wall, wall);
        }

        void add(long wallNanos, long sessionNanos) {
            double outside = (wallNanos - sessionNanos) / 1e6;
            double session = sessionNanos / 1e6;
            outsideMs += outside;
            sessionMs += session;
            if (measuring) {
                trialOutsideMs += outside;
                trialSessionMs += session;
            }
        }
    }

    @Setup(Level.Trial)
    public void load() {
        Path model = Path.of(System.getProperty("easel.tinySd", "models/tiny-sd"));
        backend = new StableDiffusionBackend(List.of(ModelSource.of(model)), new OnnxSessionFactory(OnnxSettings.defaults().withIntraOpThreads(threads)), 4);

        List<JobInput> jobs = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            jobs.add(new JobInput("job-" + i, Map.of(
                    "prompt", "a red fox in the snow, number " + i,
                    "negative_prompt", "blurry",
                    "width", 64, "height", 64, "steps", 20, "guidance", 7.5, "sampler", "euler",
                    "seed", 1000L + i), null));
        }
        request = new BatchRequest(backend.models().get(0).id(), Capability.TXT2IMG, jobs);
    }

    @TearDown(Level.Trial)
    public void close() {
        backend.close();
    }

    @Benchmark
    public List<JobOutput> generate(Shares shares) {
        SessionCallTimer timer = backend.sessionCallTimer();
        long sessionBefore = timer.totalNanos();
        long start = System.nanoTime();

        List<JobOutput> outputs = backend.run(request, ProgressListener.NONE, new CancellationSignal());

        shares.add(System.nanoTime() - start, timer.totalNanos() - sessionBefore);
        return outputs;
    }
}
