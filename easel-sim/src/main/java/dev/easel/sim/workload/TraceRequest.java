package dev.easel.sim.workload;

/**
 * One row of a production request trace.
 *
 * @param arrivalMillis arrival time in milliseconds since the trace's first request
 * @param user          anonymised user id
 * @param task          capability wire name: {@code txt2img}, {@code img2img} or {@code inpaint}
 * @param status        outcome as logged, for example {@code succeed} or {@code failed}
 * @param steps         denoising steps, 0 where the trace leaves it empty
 * @param images        images per request, 0 where the trace leaves it empty
 * @param execSeconds   measured execution time in seconds, 0 where the request never ran to an end
 * @param model         anonymised base-model id, empty where the trace leaves it empty
 * @param loraCount     number of LoRA adapters applied
 */
public record TraceRequest(
        long arrivalMillis,
        String user,
        String task,
        String status,
        int steps,
        int images,
        double execSeconds,
        String model,
        int loraCount) {

    /** Returns whether the trace holds a measured execution time for this request. */
    public boolean hasMeasuredRunTime() {
        return execSeconds > 0;
    }
}
