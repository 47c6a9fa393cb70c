package dev.easel.server.chain;

import dev.easel.core.schedule.Job;
import dev.easel.core.task.TaskState;
import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.dispatch.JobTicket;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.OutputRecord;
import dev.easel.server.store.TaskRecord;
import dev.easel.server.store.TransitionRecord;
import dev.easel.server.task.InputImages;
import dev.easel.server.task.JobLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves a multi-step task on to its next step when a step succeeds.
 *
 * <p>The step's outputs, the end of its job, the next job and the task row's switch to the next
 * step are one store transaction ({@link JdbcTaskStore#advanceStep}), so after a crash the task is
 * either still at the finished step (which then runs again) or queued at the next one, which the
 * recovery at start queues like any other task. Only then is the next job handed to the dispatch
 * loop ({@link DispatchLoop#continueChain}), which drops it and ends the task canceled when a
 * cancel reached the step that just ended. It keeps the task's original submit time, so it goes
 * ahead of the user's later work in the same tier, and started tasks finish first.
 *
 * <p>The next step reads an earlier step's image from its stored output file; the image is
 * referenced, never copied. Thread-safe.
 */
public final class ChainAdvancer implements JobLifecycle.StepContinuation {

    private static final Logger log = LoggerFactory.getLogger(ChainAdvancer.class);

    private final JdbcTaskStore store;
    private final ChainPlans plans;
    private final TaskEvents events;
    private final DispatchLoop loop;

    public ChainAdvancer(JdbcTaskStore store, ChainPlans plans, TaskEvents events, DispatchLoop loop) {
        this.store = store;
        this.plans = plans;
        this.events = events;
        this.loop = loop;
    }

    @Override
    public Optional<Boolean> advance(JobTicket ticket, List<OutputRecord> outputs) {
        Optional<ChainPlan> found = plans.find(ticket.taskId());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ChainPlan plan = found.get();
        int step = stepOf(ticket.jobId());
        if (step + 1 >= plan.steps().size()) {
            return Optional.empty();
        }

        // 1. The next step's parameters, with an earlier step's image as a reference to its file.
        int nextIndex = step + 1;
        ChainPlan.ChainStep next = plan.steps().get(nextIndex);
        Map<String, Object> params = new LinkedHashMap<>(next.params());
        if (next.imageFromStep() != null && next.imageParam() != null) {
            params.put(next.imageParam(), InputImages.REFERENCE_PREFIX + imageOf(ticket, plan, next.imageFromStep(), outputs));
        }
        int images = params.get("images") instanceof Number n ? n.intValue() : 1;

        // 2. Store the step's end and the next step in one transaction.
        long now = System.currentTimeMillis();
        String reason = "step " + (step + 1) + " of " + plan.steps().size() + " (" + plan.steps().get(step).id() + ") finished with "
                + outputs.size() + (outputs.size() == 1 ? " image" : " images") + "; step " + (nextIndex + 1) + " (" + next.id()
                + ") queued";
        JdbcTaskStore.NextStep stored = new JdbcTaskStore.NextStep(nextIndex, next.model(), next.modelVersion(), next.capability(),
                params, images);
        if (!store.advanceStep(ticket.taskId(), ticket.attempts(), now, outputs, stored, reason).join()) {
            // The task was no longer running this attempt (a cancel or a stuck-cancel escalation won):
            // the batch runner deletes this step's files, and the earlier steps' outputs stay.
            return Optional.of(false);
        }

        // 3. Tell, then queue the next job with the task's original submit time, unless a cancel
        //    reached this step in the meantime: the loop then ends the task canceled instead.
        events.transition(new TransitionRecord(0, ticket.taskId(), ticket.jobId(), TaskState.RUNNING, TaskState.QUEUED,
                ticket.attempts(), now, reason));
        events.clearProgress(ticket.taskId());
        Job job = new Job(TaskRecord.jobIdOf(ticket.taskId(), nextIndex), ticket.taskId(), ticket.job().user(), ticket.job().tier(),
                JobTicket.batchKey(next.model() + "@" + next.modelVersion(), next.capability(), params), images,
                ticket.job().submittedAtMillis());
        loop.continueChain(new JobTicket(job, next.model(), next.modelVersion(), next.capability(), params, 0, ticket.maxAttempts()),
                now);
        log.atInfo().addKeyValue("task_id", ticket.taskId()).addKeyValue("job_id", job.id()).addKeyValue("user", job.user())
                .addKeyValue("tier", job.tier()).addKeyValue("step", nextIndex + 1).addKeyValue("steps", plan.steps().size())
                .log("next step queued");
        return Optional.of(true);
    }

    /** Returns the step index of a job id ({@code job_<ulid>_<step>}). */
    static int stepOf(String jobId) {
        return Integer.parseInt(jobId.substring(jobId.lastIndexOf('_') + 1));
    }

    private String imageOf(JobTicket ticket, ChainPlan plan, String stepId, List<OutputRecord> justWritten) {
        String jobId = TaskRecord.jobIdOf(ticket.taskId(), plan.indexOf(stepId));
        List<OutputRecord> candidates = jobId.equals(ticket.jobId()) ? justWritten
                : store.outputsOf(ticket.taskId()).stream().filter(o -> o.jobId().equals(jobId)).toList();
        return candidates.stream().filter(o -> o.index() == 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("step " + stepId + " of task " + ticket.taskId() + " left no image"))
                .path();
    }
}
