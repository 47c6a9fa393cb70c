package dev.easel.catalog.load;

import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.input.Violation;
import dev.easel.catalog.model.Capabilities;
import dev.easel.catalog.model.Model;
import dev.easel.catalog.model.ModelVersion;
import dev.easel.catalog.model.ParameterLimit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads one model file: its versions with their parameters, and its aliases. */
final class ModelReader {

    private static final List<String> PARAMETER_TYPES =
            Arrays.stream(ParameterLimit.Type.values()).map(ParameterLimit.Type::wireName).toList();

    private ModelReader() {
    }

    /** Returns the model, or {@code null} when its id or versions are unusable. Records every problem. */
    static Model read(Node root, Fingerprints fingerprints) {
        root.rejectUnknownKeys("id", "title", "versions", "aliases");
        String id = root.id("id");
        LocalizedText title = root.localized("title", true);

        List<ModelVersion> versions = new java.util.ArrayList<>();
        Set<String> labels = new HashSet<>();
        Node versionList = root.child("versions");
        if (!versionList.isPresent() || versionList.items().isEmpty()) {
            versionList.error("is required: a list of at least one version");
        }
        for (Node item : versionList.items()) {
            ModelVersion version = id == null ? null : readVersion(item, id);
            if (version != null && !labels.add(version.version())) {
                item.child("version").error("version \"" + version.version() + "\" appears more than once");
            } else if (version != null) {
                versions.add(version);
                fingerprints.put("model:" + version.versionedId(), item);
            }
        }

        Map<String, String> aliases = readAliases(root.child("aliases"), labels);
        if (id == null || title == null) {
            return null;
        }
        return new Model(id, title, versions, aliases);
    }

    private static ModelVersion readVersion(Node node, String modelId) {
        if (!node.requireMap()) {
            return null;
        }
        node.rejectUnknownKeys("version", "backend", "folder", "remote", "file_hash", "capabilities",
                "parameters", "cost_prior_seconds");
        String label = node.text("version");
        if (node.child("version").isPresent() && node.child("version").json().isFloatingPointNumber()) {
            node.child("version").error(node.child("version").shown() + " is read as a decimal number, which loses digits such as"
                    + " a trailing 0; quote it, for example \"1.10\"");
            label = null;
        }
        if (label != null && (label.contains("@") || label.contains(" "))) {
            node.child("version").error("\"" + label + "\" must not contain '@' or spaces");
            label = null;
        }
        String backend = node.text("backend");
        String folder = node.optionalText("folder");
        String remote = node.optionalText("remote");
        if ((folder == null) == (remote == null)) {
            node.error("set exactly one of folder (a model folder) and remote (a model on a remote back end)");
        }
        String fileHash = readFileHash(node);
        Set<String> capabilities = readCapabilities(node);
        Map<String, ParameterLimit> parameters = readParameters(node.child("parameters"));
        double cost = readCost(node);

        if (label == null || backend == null || capabilities.isEmpty()) {
            return null;
        }
        return new ModelVersion(modelId, label, backend, folder, remote, fileHash, capabilities, parameters, cost);
    }

    private static String readFileHash(Node node) {
        String hash = node.optionalText("file_hash");
        if (hash != null && !hash.matches("[0-9a-f]{64}")) {
            node.child("file_hash").error("\"" + hash + "\" is not a sha256: write 64 lower-case hex digits");
            return null;
        }
        return hash;
    }

    private static Set<String> readCapabilities(Node node) {
        Set<String> capabilities = new LinkedHashSet<>();
        Node list = node.child("capabilities");
        if (!list.isPresent()) {
            list.error("is required; a list of " + String.join(", ", Capabilities.ALL));
            return capabilities;
        }
        for (Node item : list.items()) {
            String name = item.asText();
            if (name != null && !Capabilities.isKnown(name)) {
                item.error("\"" + name + "\" is not one of " + String.join(", ", Capabilities.ALL));
            } else if (name != null) {
                capabilities.add(name);
            }
        }
        return capabilities;
    }

    private static double readCost(Node node) {
        Double cost = node.optionalNumber("cost_prior_seconds");
        if (cost == null) {
            if (!node.child("cost_prior_seconds").isPresent()) {
                node.child("cost_prior_seconds").error("is required: estimated accelerator-seconds of one job at default parameters");
            }
            return 0;
        }
        if (cost <= 0) {
            node.child("cost_prior_seconds").error(cost + " must be greater than 0");
        }
        return cost;
    }

    private static Map<String, ParameterLimit> readParameters(Node node) {
        Map<String, ParameterLimit> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : node.entries()) {
            ParameterLimit limit = readParameter(entry.getKey(), entry.getValue());
            if (limit != null) {
                parameters.put(entry.getKey(), limit);
            }
        }
        return parameters;
    }

    private static ParameterLimit readParameter(String name, Node node) {
        if (!node.requireMap()) {
            return null;
        }
        node.rejectUnknownKeys("type", "default", "min", "max", "max_length", "multiple_of", "choices");
        Optional<String> typeName = node.oneOf("type", PARAMETER_TYPES);
        if (typeName.isEmpty()) {
            return null;
        }
        ParameterLimit.Type type = ParameterLimit.Type.valueOf(typeName.get().toUpperCase(java.util.Locale.ROOT));
        Double min = node.optionalNumber("min");
        Double max = type == ParameterLimit.Type.STRING ? lengthAsDouble(node) : node.optionalNumber("max");
        Integer multiple = node.optionalCount("multiple_of");
        List<String> choices = node.strings("choices");
        if (type == ParameterLimit.Type.CHOICE && choices.isEmpty()) {
            node.child("choices").error("a choice parameter needs at least one choice");
        }
        ParameterLimit limit = new ParameterLimit(name, type, null, min, max,
                multiple == null || multiple == 0 ? null : multiple.longValue(), choices);

        Node defaultNode = node.child("default");
        if (!defaultNode.isPresent()) {
            return limit;
        }
        Violation violation = limit.violationOf(defaultNode.plain());
        if (violation != null) {
            defaultNode.error(defaultNode.shown() + " breaks the parameter's own limits: " + violation.detail());
            return limit;
        }
        return new ParameterLimit(name, type, limit.normalize(defaultNode.plain()), min, max, limit.multipleOf(), choices);
    }

    private static Double lengthAsDouble(Node node) {
        Integer length = node.optionalCount("max_length");
        return length == null ? null : length.doubleValue();
    }

    private static Map<String, String> readAliases(Node node, Set<String> labels) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : node.entries()) {
            String alias = entry.getKey();
            String target = entry.getValue().json().isFloatingPointNumber() ? null : entry.getValue().asText();
            if (entry.getValue().json().isFloatingPointNumber()) {
                entry.getValue().error(entry.getValue().shown() + " is read as a decimal number; quote the version, for example \"1.10\"");
            }
            if (labels.contains(alias)) {
                entry.getValue().error("alias \"" + alias + "\" has the same name as a version; rename one of them");
            } else if (!alias.matches("[a-z0-9][a-z0-9_.-]*")) {
                entry.getValue().error("\"" + alias + "\" is not a valid alias name; use lower-case letters, digits, '.', '-' and '_'");
            } else if (target != null && !labels.contains(target)) {
                entry.getValue().error("points at version \"" + target + "\", which this model does not have; versions: "
                        + String.join(", ", labels));
            } else if (target != null) {
                aliases.put(alias, target);
            }
        }
        return aliases;
    }
}
