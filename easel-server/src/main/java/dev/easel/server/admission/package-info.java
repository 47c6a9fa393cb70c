/**
 * Admission control: what happens to a request between authentication and the store.
 *
 * <p>{@link dev.easel.server.admission.AdmissionPolicy} decides, per user and tier, whether a task
 * is admitted as is, admitted degraded, or rejected with a stable reason code and a Retry-After
 * computed from the limit that was hit. The limits are configuration
 * ({@link dev.easel.server.admission.AdmissionProperties}, {@code easel.admission.*}) and can be
 * replaced at run time. {@link dev.easel.server.admission.IdempotencyKeys} applies the
 * {@code Idempotency-Key} rules before admission, so that a replayed request costs nothing.
 *
 * <p>The classes here do no I/O: the caller passes in the loads it read from the store and the
 * scheduler, and the clock is injected.
 */
package dev.easel.server.admission;
