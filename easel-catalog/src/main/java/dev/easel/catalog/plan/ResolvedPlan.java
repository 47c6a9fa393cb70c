package dev.easel.catalog.plan;

import java.util.List;
import java.util.Objects;

/**
 * A request turned into jobs: ordered steps, each depending only on earlier ones, and the record
 * of every catalog version used.
 *
 * @param steps  steps in execution order, at least one
 * @param record versions and inputs, to store with the task
 */
public record ResolvedPlan(List<PlannedStep> steps, PlanRecord record) {

    public ResolvedPlan {
        steps = List.copyOf(steps);
        Objects.requireNonNull(record, "record");
    }
}
