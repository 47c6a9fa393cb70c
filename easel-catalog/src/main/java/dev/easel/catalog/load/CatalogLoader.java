package dev.easel.catalog.load;

import dev.easel.catalog.CatalogError;
import dev.easel.catalog.CatalogInvalidException;
import dev.easel.catalog.ObjectKind;
import dev.easel.catalog.example.Example;
import dev.easel.catalog.model.Model;
import dev.easel.catalog.pipeline.Pipeline;
import dev.easel.catalog.scene.Scene;
import dev.easel.catalog.template.PromptTemplate;
import dev.easel.catalog.template.TemplateRenderer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses and validates a catalog's YAML files into {@link CatalogContents}.
 *
 * <p>Loading runs in three phases: (1) parse each file as YAML, (2) read each file into its object
 * and check it on its own, (3) check references between files. Every problem of every phase is
 * collected, and the load fails with all of them. Thread-safe.
 */
public final class CatalogLoader {

    private final YAMLMapper mapper = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final TemplateRenderer renderer;

    public CatalogLoader(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * Loads a catalog.
     *
     * @throws CatalogInvalidException listing every problem found, as {@code file: path: message}
     */
    public CatalogContents load(CatalogSource source) {
        Problems problems = new Problems();
        Fingerprints fingerprints = new Fingerprints();
        Set<String> filesWithProblems = new HashSet<>();
        Map<ObjectKind, Map<String, Object>> objects = new LinkedHashMap<>();
        Map<String, String> fileOf = new LinkedHashMap<>();
        for (ObjectKind kind : ObjectKind.values()) {
            objects.put(kind, new LinkedHashMap<>());
        }

        for (Map.Entry<String, String> file : source.files().entrySet()) {
            int before = problems.count();
            readFile(file.getKey(), file.getValue(), problems, fingerprints, objects, fileOf);
            if (problems.count() > before) {
                filesWithProblems.add(file.getKey());
            }
        }

        CatalogContents contents = contents(objects, fingerprints);
        checkReferences(contents, source, fileOf, filesWithProblems, problems);
        if (!problems.isEmpty()) {
            throw new CatalogInvalidException(problems.list());
        }
        return contents;
    }

    /**
     * Reads one file on its own, without the checks that need other files (references between
     * pipelines, templates, models and scenes). Used to read an archived version again.
     *
     * @param file path relative to the catalog root; its folder names the kind of object
     * @return a {@link Model}, {@link Pipeline}, {@link PromptTemplate}, {@link Scene} or {@link Example}
     * @throws CatalogInvalidException listing the file's problems
     */
    public Object readOne(String file, String text) {
        Problems problems = new Problems();
        Map<ObjectKind, Map<String, Object>> objects = new LinkedHashMap<>();
        for (ObjectKind kind : ObjectKind.values()) {
            objects.put(kind, new LinkedHashMap<>());
        }
        readFile(file, text, problems, new Fingerprints(), objects, new LinkedHashMap<>());
        if (!problems.isEmpty()) {
            throw new CatalogInvalidException(problems.list());
        }
        return objects.values().stream().flatMap(byId -> byId.values().stream()).findFirst()
                .orElseThrow(() -> new CatalogInvalidException(List.of(new CatalogError(file, "", "holds no object"))));
    }

    private void readFile(String file, String text, Problems problems, Fingerprints fingerprints,
                          Map<ObjectKind, Map<String, Object>> objects, Map<String, String> fileOf) {
        ObjectKind kind = kindOf(file);
        JsonNode tree = parse(file, text, problems);
        if (kind == null || tree == null) {
            return;
        }
        Node root = new Node(file, "", tree, problems);
        if (!tree.isObject()) {
            root.error("must be a YAML map with an id and the " + kind.wireName() + "'s fields");
            return;
        }
        Object object = switch (kind) {
            case MODEL -> ModelReader.read(root, fingerprints);
            case PIPELINE -> PipelineReader.read(root);
            case TEMPLATE -> TemplateReader.read(root, renderer);
            case SCENE -> SceneReader.read(root);
            case EXAMPLE -> ExampleReader.read(root);
        };
        if (object == null) {
            return;
        }
        String id = idOf(object);
        String expected = baseName(file);
        if (!id.equals(expected)) {
            root.child("id").error("\"" + id + "\" must match the file name \"" + expected + "\"");
            return;
        }
        String previous = fileOf.putIfAbsent(kind.wireName() + ":" + id, file);
        if (previous != null) {
            root.child("id").error(kind.wireName() + " \"" + id + "\" is also defined in " + previous);
            return;
        }
        objects.get(kind).put(id, object);
        if (kind != ObjectKind.MODEL) {
            fingerprints.put(kind.wireName() + ":" + id + "@" + versionOf(object), root);
        }
    }

    private JsonNode parse(String file, String text, Problems problems) {
        if (kindOf(file) == null) {
            problems.add(file, "", "is not in a catalog folder (models, pipelines, templates, scenes, examples)");
            return null;
        }
        try {
            JsonNode tree = mapper.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                problems.add(file, "", "is empty");
                return null;
            }
            return tree;
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            problems.add(file, "", "is not valid YAML: " + where + oneLine(e.getOriginalMessage()));
            return null;
        }
    }

    /**
     * Keeps the sentences of a YAML parser message and drops its source snippets and marks, which
     * span several lines and repeat the location.
     */
    private static String oneLine(String message) {
        List<String> sentences = new ArrayList<>();
        for (String line : message.split("\\R")) {
            if (!line.isBlank() && !line.startsWith(" ")) {
                sentences.add(line.trim());
            }
        }
        return sentences.isEmpty() ? message.trim() : String.join("; ", sentences);
    }

    private CatalogContents contents(Map<ObjectKind, Map<String, Object>> objects, Fingerprints fingerprints) {
        return new CatalogContents(
                cast(objects.get(ObjectKind.MODEL)),
                cast(objects.get(ObjectKind.PIPELINE)),
                cast(objects.get(ObjectKind.TEMPLATE)),
                cast(objects.get(ObjectKind.SCENE)),
                cast(objects.get(ObjectKind.EXAMPLE)),
                fingerprints.hashes(),
                fingerprints.files());
    }

    private static void checkReferences(CatalogContents contents, CatalogSource source, Map<String, String> fileOf,
                                        Set<String> filesWithProblems, Problems problems) {
        CrossReferences references = new CrossReferences(contents.models(), contents.templates(), contents.pipelines(),
                contents.scenes(), source, problems);
        for (Pipeline pipeline : contents.pipelines().values()) {
            String file = fileOf.get("pipeline:" + pipeline.id());
            if (!filesWithProblems.contains(file)) {
                references.checkPipeline(pipeline, file);
            }
        }
        for (Scene scene : contents.scenes().values()) {
            String file = fileOf.get("scene:" + scene.id());
            if (!filesWithProblems.contains(file)) {
                references.checkScene(scene, file);
            }
        }
        for (Example example : contents.examples().values()) {
            String file = fileOf.get("example:" + example.id());
            if (!filesWithProblems.contains(file)) {
                references.checkExample(example, file);
            }
        }
    }

    private static ObjectKind kindOf(String file) {
        for (ObjectKind kind : ObjectKind.values()) {
            if (file.startsWith(kind.folder() + "/")) {
                return kind;
            }
        }
        return null;
    }

    private static String baseName(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static String idOf(Object object) {
        if (object instanceof Model model) {
            return model.id();
        }
        if (object instanceof Pipeline pipeline) {
            return pipeline.id();
        }
        if (object instanceof PromptTemplate template) {
            return template.id();
        }
        if (object instanceof Scene scene) {
            return scene.id();
        }
        return ((Example) object).id();
    }

    private static int versionOf(Object object) {
        if (object instanceof Pipeline pipeline) {
            return pipeline.version();
        }
        if (object instanceof PromptTemplate template) {
            return template.version();
        }
        if (object instanceof Scene scene) {
            return scene.version();
        }
        return ((Example) object).version();
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> cast(Map<String, Object> map) {
        return (Map<String, T>) (Map<String, ?>) map;
    }
}
