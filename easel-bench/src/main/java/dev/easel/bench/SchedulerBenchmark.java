package dev.easel.bench;

import dev.easel.core.schedule.Assignment;
import dev.easel.core.schedule.Projection;
import dev.easel.core.schedule.SchedulerSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decision latency and ETA projection time of {@link dev.easel.core.schedule.FairScheduler} with
 * large queues.
 *
 * <p>{@code decisionCycle}: 1,000,000 queued jobs from 10,000 users in three tiers, 64 busy workers.
 * Each operation ends the oldest running batch, calls {@code decide} (which fills the freed slot)
 * and submits as many new jobs as were dispatched, so the queue stays at its size. The sampled time
 * covers finish, decide and the submits, so it bounds a single decision from above; JMH's sample
 * mode reports its percentiles (goal: p99 at most 50 us).
 *
 * <p>{@code projectAll}: 100,000 queued jobs from 10,000 users on 64 busy workers; each operation
 * moves the clock one millisecond, which makes the scheduler's projection cache stale, and projects
 * every queued job with {@code projections()} (goal: at most 200 ms). All jobs are submitted at one
 * instant, so the arrival forecast counts 10,000 new users within its window and is capped at 90 %
 * of the workers. The projection then adds as many forecast jobs as are queued, its most expensive
 * case.
 *
 * <p>The fork touches its whole heap at start ({@code -XX:+AlwaysPreTouch}). A projection allocates
 * tens of megabytes, so without it the iterations before the heap has been used once measure page
 * faults on fresh heap rather than the scheduler.
 *
 * <p>Run: {@code mvn -Pbench -DskipTests package -pl easel-core,easel-engine,easel-bench -am}, then
 * {@code java -jar easel-bench/target/benchmarks.jar SchedulerBenchmark} from the repository root. On a
 * shared machine, {@link ProjectionCpuTimeProbe} measures the projection in thread CPU time.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Xms6g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class SchedulerBenchmark {

    /** A full queue and busy workers for the decision benchmark. */
    @State(Scope.Benchmark)
    public static class FullQueue {

        @Param({"1000000"})
        int queuedJobs;

        @Param({"10000"})
        int users;

        @Param({"64"})
        int workers;

        SchedulerFixture fixture;

        @Setup(Level.Trial)
        public void fill() {
            fixture = new SchedulerFixture(users, workers, SchedulerSettings.defaults());
            fixture.submit(queuedJobs);
            fixture.decideAndStart();
            fixture.submit(queuedJobs - queuedSize());
        }

        private int queuedSize() {
            return fixture.scheduler.queuedByTier().values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** A queue of 100,000 jobs for the projection benchmark. */
    @State(Scope.Benchmark)
    public static class ProjectionQueue {

        @Param({"100000"})
        int queuedJobs;

        @Param({"10000"})
        int users;

        @Param({"64"})
        int workers;

        /** 300000 is the default; 0 switches the arrival forecast off, for comparison. */
        @Param({"300000", "0"})
        long arrivalWindowMillis;

        SchedulerFixture fixture;

        @Setup(Level.Trial)
        public void fill() {
            fixture = new SchedulerFixture(users, workers, SchedulerSettings.defaults().withProjectionMaxAgeMillis(0)
                    .withArrivalWindowMillis(arrivalWindowMillis));
            fixture.submit(queuedJobs + 4 * workers);
            fixture.decideAndStart();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<Assignment> decisionCycle(FullQueue state) {
        SchedulerFixture fixture = state.fixture;
        fixture.clock.millis += 500;
        fixture.scheduler.batchFinished(fixture.runningBatches.pollFirst(), 20_000, true);
        List<Assignment> assignments = fixture.decideAndStart();
        for (Assignment assignment : assignments) {
            fixture.submit(assignment.jobs().size());
        }
        return assignments;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Map<String, Projection> projectAll(ProjectionQueue state) {
        state.fixture.clock.millis += 1;
        return state.fixture.scheduler.projections();
    }
}
