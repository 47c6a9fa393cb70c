package dev.easel.server.chain;

import dev.easel.catalog.plan.PlanRecord;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stored plan of a scene, pipeline or example task: its steps as the workers run them, and the
 * record of the exact catalog versions it used. Immutable; stored as JSON beside the task.
 *
 * @param kind   {@code scene}, {@code pipeline} or {@code example}: what the request named
 * @param source the id the request named
 * @param steps  the steps in order, at least one
 * @param record the catalog versions and inputs, enough to make the plan again
 */
public record ChainPlan(String kind, String source, List<ChainStep> steps, PlanRecord record) {

    public ChainPlan {
        Objects.requireNonNull(kind, "kind");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one step");
        }
        Objects.requireNonNull(record, "record");
    }

    /**
     * One step as a worker runs it.
     *
     * @param id             the pipeline's step id
     * @param capability     capability wire name
     * @param model          model id the back end serves
     * @param modelVersion   version label the back end serves
     * @param catalogModel   the concrete catalog version, {@code id@version}
     * @param params         resolved parameters, defaults of the back end included; an input
     *                       image is already a stored reference
     * @param imageParam     the back end's image parameter, or {@code null} when it takes none
     * @param imageFromStep  the earlier step whose first output image this step reads, or {@code null}
     */
    public record ChainStep(String id, String capability, String model, String modelVersion, String catalogModel,
                            Map<String, Object> params, String imageParam, String imageFromStep) {

        public ChainStep {
            params = Map.copyOf(params);
        }
    }

    /** Returns the index of the step with this id, or -1. */
    public int indexOf(String stepId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }
}
