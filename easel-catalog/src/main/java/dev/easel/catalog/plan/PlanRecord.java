package dev.easel.catalog.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The exact catalog versions and inputs a plan used: enough to make the same plan again after the
 * catalog changed (see {@link TaskResolver#reproduce}). Store it with the task.
 *
 * @param pipelineId       pipeline id
 * @param pipelineVersion  pipeline version
 * @param templateVersions template id to version, for every template the plan rendered
 * @param stepModels       step id to concrete model version ({@code id@version})
 * @param aliasesUsed      alias reference as written (for example {@code tiny-sd@stable}) to the
 *                         version it resolved to, for display and audit
 * @param inputs           the pipeline inputs after validation, defaults and drawn seeds
 * @param sceneId          scene id, or {@code null} when the request named a pipeline
 * @param sceneVersion     scene version, or {@code null}
 * @param exampleId        example id, or {@code null} unless the request named an example
 * @param exampleVersion   example version, or {@code null}
 * @param group            the user group whose presets applied, or {@code null}
 * @param catalogRevision  {@link dev.easel.catalog.Catalog#revision()} of the snapshot used
 */
public record PlanRecord(
        String pipelineId,
        int pipelineVersion,
        Map<String, Integer> templateVersions,
        Map<String, String> stepModels,
        Map<String, String> aliasesUsed,
        Map<String, Object> inputs,
        String sceneId,
        Integer sceneVersion,
        String exampleId,
        Integer exampleVersion,
        String group,
        long catalogRevision) {

    public PlanRecord {
        Objects.requireNonNull(pipelineId, "pipelineId");
        templateVersions = freeze(templateVersions);
        stepModels = freeze(stepModels);
        aliasesUsed = freeze(aliasesUsed);
        inputs = freeze(inputs);
    }

    private static <V> Map<String, V> freeze(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
