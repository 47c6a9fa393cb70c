package dev.easel.server.worker;

import dev.easel.engine.BackendUnavailableException;
import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancelledException;
import dev.easel.engine.Capability;
import dev.easel.engine.EngineException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.OutputImage;
import dev.easel.engine.ParameterSpec;
import dev.easel.server.dispatch.BatchReports;
import dev.easel.server.dispatch.JobTicket;
import dev.easel.server.dispatch.RunningBatch;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.metrics.EaselMetrics;
import dev.easel.server.output.OutputFiles;
import dev.easel.server.store.OutputRecord;
import dev.easel.server.task.IdGenerator;
import dev.easel.server.task.InputImages;
import dev.easel.server.task.JobLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs one batch on a worker thread: calls the model back end, writes the outputs, and settles
 * each job through {@link JobLifecycle}.
 *
 * <p>Implementation notes: the scheduler batches by {@link dev.easel.core.schedule.BatchKey},
 * which names the common batch-key parameters only. The runner splits a batch again by every
 * batch-key parameter of the model's schema and by the model's own maximum batch, and runs the
 * parts one after another. A job whose cancel was requested is marked canceled at the next step
 * boundary, and the back end stops once every job of its call is canceled. Output files are on disk
 * before the job is marked succeeded; when that mark loses a race (the task was canceled), the
 * job's files are deleted again, and those of a multi-step task's earlier steps stay. A batch that was abandoned (its worker replaced after a stuck cancel)
 * changes nothing when it finally returns.
 *
 * <p>Thread-safe; one instance serves every worker.
 */
public final class BatchRunner {

    private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

    private final BackendRegistry backends;
    private final JobLifecycle lifecycle;
    private final OutputFiles outputFiles;
    private final TaskEvents events;
    private final EaselMetrics metrics;
    private final IdGenerator ids;
    private final InputImages inputImages;

    public BatchRunner(BackendRegistry backends, JobLifecycle lifecycle, OutputFiles outputFiles, TaskEvents events,
                       EaselMetrics metrics, IdGenerator ids, InputImages inputImages) {
        this.backends = backends;
        this.lifecycle = lifecycle;
        this.outputFiles = outputFiles;
        this.events = events;
        this.metrics = metrics;
        this.ids = ids;
        this.inputImages = inputImages;
    }

    /** Runs the batch and reports its end; exceptions are settled as job failures, not thrown. */
    public void run(RunningBatch batch, BatchReports reports) {
        long startNanos = System.nanoTime();
        boolean allSucceeded = true;
        try {
            for (List<JobTicket> part : split(batch)) {
                allSucceeded &= runPart(batch, part, reports);
            }
        } catch (RuntimeException e) {
            allSucceeded = false;
            log.atError().addKeyValue("worker", batch.workerId()).addKeyValue("batch_id", batch.batchId()).setCause(e)
                    .log("batch runner failed outside the back end");
        } finally {
            long runMillis = (System.nanoTime() - startNanos) / 1_000_000;
            metrics.workerBusy(batch.workerId(), Duration.ofMillis(runMillis));
            if (!batch.isAbandoned()) {
                reports.finished(batch.batchId(), runMillis, allSucceeded);
            }
        }
    }

    private boolean runPart(RunningBatch batch, List<JobTicket> part, BatchReports reports) {
        JobTicket first = part.get(0);
        BackendRegistry.ServedModel served = backends.find(first.model()).orElseThrow(
                () -> new IllegalStateException("no back end serves model " + first.model()));
        Set<String> canceled = ConcurrentHashMap.newKeySet();
        List<JobOutput> outputs;
        try {
            List<JobInput> inputs = part.stream().map(this::input).toList();
            BatchRequest request = new BatchRequest(served.info().id(), Capability.fromWireName(first.capability()).orElseThrow(), inputs);
            outputs = served.backend().run(request, (step, total) -> onStep(batch, part, canceled, reports, step, total),
                    batch.signal());
        } catch (CancelledException e) {
            settleCanceled(batch, part, canceled);
            return false;
        } catch (BackendUnavailableException e) {
            settleEach(batch, part, canceled, ticket -> {
                OptionalLong due = lifecycle.retryUnavailable(ticket, e.getMessage(), e.retryAfter(), batch.startedAtMillis(),
                        batch.workerId());
                // The run used up no attempt, so the job enters the queue with the count it had before.
                reports.retryLater(ticket.withAttempts(ticket.attempts() - 1), due);
            });
            return false;
        } catch (EngineException e) {
            settleFailed(batch, part, canceled, reports, e.getMessage(), e.isRetryable());
            return false;
        } catch (TimedBackend.WorkerCrash | RuntimeException e) {
            log.atWarn().addKeyValue("worker", batch.workerId()).addKeyValue("batch_id", batch.batchId()).setCause(e)
                    .log("worker crashed while running a batch");
            settleFailed(batch, part, canceled, reports, "worker crashed: " + e.getMessage(), true);
            return false;
        }
        return settleOutputs(batch, part, canceled, outputs);
    }

    /** Builds a job's input: its parameters without image references, and its decoded input image. */
    private JobInput input(JobTicket ticket) {
        Map<String, Object> params = new LinkedHashMap<>();
        ticket.params().forEach((name, value) -> {
            if (!InputImages.isReference(value)) {
                params.put(name, value);
            }
        });
        return new JobInput(ticket.jobId(), params, inputImages.load(ticket.params()));
    }

    private void onStep(RunningBatch batch, List<JobTicket> part, Set<String> canceled, BatchReports reports, int step, int total) {
        if (batch.isAbandoned()) {
            return;
        }
        for (JobTicket ticket : part) {
            if (canceled.contains(ticket.taskId())) {
                continue;
            }
            if (batch.isCancelRequested(ticket.taskId())) {
                canceled.add(ticket.taskId());
                lifecycle.cancelRunning(ticket, batch.cancelReason(ticket.taskId()) + "; stopped at step " + step + " of " + total,
                        batch.startedAtMillis(), batch.workerId());
            } else {
                events.progress(ticket.taskId(), ticket.attempts(), step, total, batch.startedAtMillis());
            }
        }
        reports.progress(batch.batchId(), step, total);
    }

    private void settleCanceled(RunningBatch batch, List<JobTicket> part, Set<String> canceled) {
        if (batch.isAbandoned()) {
            return;
        }
        for (JobTicket ticket : part) {
            if (canceled.add(ticket.taskId())) {
                lifecycle.cancelRunning(ticket, batch.cancelReason(ticket.taskId()) + "; stopped at a step boundary", batch.startedAtMillis(),
                        batch.workerId());
            }
        }
    }

    private void settleFailed(RunningBatch batch, List<JobTicket> part, Set<String> canceled, BatchReports reports,
                              String reason, boolean retryable) {
        settleEach(batch, part, canceled, ticket -> {
            OptionalLong due = lifecycle.fail(ticket, reason, retryable, batch.startedAtMillis(), batch.workerId());
            reports.retryLater(ticket, due);
        });
    }

    /**
     * Settles each job of a failed part: a job already canceled is skipped, a job whose cancel was
     * requested ends canceled, and {@code settle} receives the rest.
     */
    private void settleEach(RunningBatch batch, List<JobTicket> part, Set<String> canceled, Consumer<JobTicket> settle) {
        if (batch.isAbandoned()) {
            return;
        }
        for (JobTicket ticket : part) {
            if (canceled.contains(ticket.taskId())) {
                continue;
            }
            if (batch.isCancelRequested(ticket.taskId())) {
                lifecycle.cancelRunning(ticket, batch.cancelReason(ticket.taskId()), batch.startedAtMillis(), batch.workerId());
                continue;
            }
            settle.accept(ticket);
        }
    }

    private boolean settleOutputs(RunningBatch batch, List<JobTicket> part, Set<String> canceled, List<JobOutput> outputs) {
        boolean allSucceeded = true;
        for (int i = 0; i < part.size(); i++) {
            JobTicket ticket = part.get(i);
            if (batch.isAbandoned() || canceled.contains(ticket.taskId())) {
                allSucceeded = false;
                continue;
            }
            if (batch.isCancelRequested(ticket.taskId())) {
                lifecycle.cancelRunning(ticket, batch.cancelReason(ticket.taskId()) + "; its result was discarded", batch.startedAtMillis(),
                        batch.workerId());
                allSucceeded = false;
                continue;
            }
            List<OutputRecord> records = writeFiles(ticket, outputs.get(i));
            if (!lifecycle.succeed(ticket, records, batch.startedAtMillis(), batch.workerId())) {
                // Only this job's files: a multi-step task keeps the outputs of its earlier steps.
                outputFiles.deleteFiles(records.stream().map(OutputRecord::path).toList());
                allSucceeded = false;
            }
        }
        return allSucceeded;
    }

    private List<OutputRecord> writeFiles(JobTicket ticket, JobOutput output) {
        List<OutputRecord> records = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int index = 0; index < output.images().size(); index++) {
            OutputImage image = output.images().get(index);
            String extension = image.mediaType().equals("image/png") ? "png" : image.mediaType().replace("image/", "");
            OutputFiles.StoredFile file = outputFiles.write(ticket.taskId(), ticket.jobId(), index, extension, image.bytes());
            records.add(new OutputRecord(ids.next("out"), ticket.taskId(), ticket.jobId(), index, file.relativePath(),
                    image.mediaType(), file.sizeBytes(), file.sha256(), image.width(), image.height(), image.seed(),
                    output.recipe(), now));
        }
        return records;
    }

    /** Splits a batch by every batch-key parameter of its model and by the model's maximum batch. */
    private List<List<JobTicket>> split(RunningBatch batch) {
        JobTicket first = batch.tickets().get(0);
        BackendRegistry.ServedModel served = backends.find(first.model()).orElseThrow(
                () -> new IllegalStateException("no back end serves model " + first.model()));
        List<String> keyParams = served.info().schema().parameters().stream()
                .filter(ParameterSpec::batchKey).map(ParameterSpec::name).toList();

        Map<List<Object>, List<JobTicket>> groups = new LinkedHashMap<>();
        for (JobTicket ticket : batch.tickets()) {
            List<Object> key = keyParams.stream().map(name -> (Object) String.valueOf(ticket.params().get(name))).toList();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(ticket);
        }

        int maxBatch = served.info().maxBatch();
        List<List<JobTicket>> parts = new ArrayList<>();
        for (List<JobTicket> group : groups.values()) {
            for (int from = 0; from < group.size(); from += maxBatch) {
                parts.add(group.subList(from, Math.min(group.size(), from + maxBatch)));
            }
        }
        return parts;
    }
}
