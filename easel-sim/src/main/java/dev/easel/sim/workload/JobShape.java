package dev.easel.sim.workload;

import dev.easel.core.schedule.BatchKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What a request asks for and how long it runs alone, independent of who sent it and when.
 *
 * @param model         base-model id
 * @param task          capability wire name
 * @param steps         denoising steps, at least 1
 * @param images        images per request, at least 1
 * @param loraCount     number of LoRA adapters
 * @param soloRunMillis run time alone on a worker with the model loaded
 */
public record JobShape(String model, String task, int steps, int images, int loraCount, long soloRunMillis) {

    /** Output width and height assumed for every job, because the trace does not record them. */
    public static final int ASSUMED_SIZE = 512;

    /** Sampler assumed for every job, because the trace does not record it. */
    public static final String ASSUMED_SAMPLER = "euler_a";

    /** Guidance scale assumed for every job, because the trace does not record it. */
    public static final double ASSUMED_GUIDANCE = 7.0;

    /**
     * Returns the batch key of this shape for a user.
     *
     * <p>The trace records only how many LoRA adapters a request used, not which. The key assumes
     * they are the user's own adapters ({@code <user>/lora-1} …), so LoRA jobs batch only with the
     * same user's jobs of the same LoRA count.
     */
    public BatchKey batchKey(String user) {
        List<String> loras = new ArrayList<>(loraCount);
        for (int i = 1; i <= loraCount; i++) {
            loras.add(user + "/lora-" + i);
        }
        return new BatchKey(model, task, ASSUMED_SIZE, ASSUMED_SIZE, steps, ASSUMED_SAMPLER, ASSUMED_GUIDANCE, loras);
    }
}
