package dev.easel.sim.cli;

import dev.easel.core.schedule.TierConfig;
import dev.easel.sim.engine.SimulationConfig;
import dev.easel.sim.policy.Policies;
import dev.easel.sim.workload.JobShape;
import dev.easel.sim.workload.ShapeSource;
import dev.easel.sim.workload.TierMix;
import dev.easel.sim.workload.Workload;
import java.util.List;

/** Writes the assumptions section that heads every simulator report. */
final class Assumptions {

    private Assumptions() {
    }

    static String describe(SimulationConfig config, Workload workload, String loadDefinition, ShapeSource shapes, TierMix mix,
                           List<String> policies, long fairnessWindowSeconds, long etaFloorSeconds) {
        StringBuilder text = new StringBuilder("== assumptions\n");
        line(text, "workload: " + workload.description() + ".");
        line(text, loadDefinition + ".");
        line(text, "a job is one trace request with all its images; its solo run time is the trace's exec_s. Requests without one"
                + " (still pending when the log was cut) take their model's median; empty steps count as 30, empty image counts as 1,"
                + " an empty model as a model of its own;"
                + " failed requests keep their measured time.");
        line(text, String.format("every job is %dx%d, sampler %s, guidance %.1f (the trace does not record them); a job with k LoRAs uses"
                        + " its user's own adapters <user>/lora-1..k, so LoRA jobs batch only within one user.",
                JobShape.ASSUMED_SIZE, JobShape.ASSUMED_SIZE, JobShape.ASSUMED_SAMPLER, JobShape.ASSUMED_GUIDANCE));
        line(text, "flood and synthetic shapes: " + shapes.description() + ".");
        line(text, "tiers by user: " + mix + " of users, drawn from a hash of the user id and the seed, so a user keeps its tier.");
        for (TierConfig tier : config.tiers()) {
            line(text, String.format("tier %s: weight %.0f%s, max wait %d s, max queued %d.", tier.name(), tier.weight(),
                    tier.strictPriority() ? " strict priority" : "", tier.maxWaitMillis() / 1000, tier.maxQueued()));
        }
        line(text, String.format("%d workers x %d slot(s), all in pool '%s', every worker can run every model; batches of up to %d;"
                        + " each worker keeps %d base model(s) loaded (least recently used evicted) and starts with none.",
                config.workers(), config.slotsPerWorker(), SimulationConfig.POOL, config.maxBatch(), config.modelsPerWorker()));
        line(text, String.format("batch run time = longest solo time + %.2f x the other jobs' solo times (an assumption, not a measurement).",
                config.batchCost().marginal()));
        line(text, config.loadTimes().description() + "; a load happens when a batch's base model is not loaded on its worker."
                + " LoRA loading is assumed to be inside the trace's execution times.");
        line(text, "wait = time from arrival to the decision that starts the job (model load time is service, not wait).");
        line(text, "no cancellations, failures or retries are simulated; every job runs exactly its modelled time.");
        line(text, "idle while runnable: a free slot while a queued job it could run (model, size, tier pools) exists; a policy's own"
                + " restrictions (partitions, batch delay) do not excuse it.");
        line(text, "Jain's index: per tier, over " + fairnessWindowSeconds + " s windows, among users with a job queued for the whole window,"
                + " on the worker time they received; averaged over windows with at least two such users.");
        line(text, "ETA error = |projected wait at submit - real wait| / max(real wait, " + etaFloorSeconds + " s), over every "
                + config.etaSampleEvery() + "th job of the base scenario; 'waited jobs' are those whose real wait was at least "
                + etaFloorSeconds + " s.");
        line(text, "throughput under backlog: solo work finished per second while a job was queued, in worker-equivalents.");
        for (String policy : policies) {
            line(text, "policy " + policy + ": " + Policies.describe(policy) + ".");
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String sentence) {
        text.append("- ").append(sentence).append('\n');
    }
}
