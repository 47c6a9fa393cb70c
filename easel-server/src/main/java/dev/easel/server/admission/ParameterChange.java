package dev.easel.server.admission;

/**
 * One parameter a degrade rule changed, stored on the task and shown to its owner.
 *
 * @param field     the request field, for example {@code steps}
 * @param requested the value the request asked for
 * @param applied   the value the task runs with
 */
public record ParameterChange(String field, int requested, int applied) {
}
