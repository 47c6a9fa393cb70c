package dev.easel.catalog.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.catalog.CatalogError;
import dev.easel.catalog.CatalogInvalidException;
import dev.easel.catalog.FixtureCatalog;
import dev.easel.catalog.template.TemplateRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of mistake in the catalog files gets its own precise error: file, path, what is wrong. */
class CatalogValidationTest {

    @TempDir
    Path folder;

    private FixtureCatalog fixture;
    private final CatalogLoader loader = new CatalogLoader(new TemplateRenderer());

    @BeforeEach
    void copyFixture() {
        fixture = FixtureCatalog.copyInto(folder);
    }

    @Test
    void fixture_loadsWithoutErrors() {
        CatalogContents contents = loader.load(CatalogSource.read(folder));

        assertThat(contents.models()).containsOnlyKeys("toy-sd", "toy-cut", "toy-up");
        assertThat(contents.pipelines()).containsOnlyKeys("generate", "cut-up");
        assertThat(contents.scenes()).containsOnlyKeys("poster", "cutout");
        assertThat(contents.examples()).containsOnlyKeys("ink-cat", "cut-photo");
        assertThat(contents.fingerprints()).containsKeys("model:toy-sd@1", "model:toy-sd@2", "pipeline:generate@1", "scene:poster@1");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // file, text to replace, replacement, expected error (a prefix of CatalogError.toString())
                Arguments.of("scenes/poster.yaml", "    - name: steps\n      type: number", "    - name: steps\n      type: colour",
                        "scenes/poster.yaml: form.fields[2].type: \"colour\" is not one of text, choice, number, image, seed"),
                Arguments.of("scenes/poster.yaml", "id: poster", "id: [poster",
                        "scenes/poster.yaml: is not valid YAML: line 2, column 8: while parsing a flow sequence; expected ',' or ']', but got :"),
                Arguments.of("pipelines/generate.yaml", "version: 1", "version: 1\nversion: 2",
                        "pipelines/generate.yaml: is not valid YAML: line"),
                Arguments.of("scenes/poster.yaml", "pipeline: generate", "pipline: generate",
                        "scenes/poster.yaml: pipline: unknown key; expected one of description, form, id, pipeline, presets, title, version"),
                Arguments.of("scenes/poster.yaml", "pipeline: generate", "pipline: generate",
                        "scenes/poster.yaml: pipeline: is required"),
                Arguments.of("scenes/poster.yaml", "title: {en: Poster, zh-CN: 海报}", "title: {en: Poster}",
                        "scenes/poster.yaml: title.zh-CN: is required"),
                Arguments.of("scenes/poster.yaml", "id: poster", "id: flyer",
                        "scenes/poster.yaml: id: \"flyer\" must match the file name \"poster\""),
                Arguments.of("pipelines/generate.yaml", "version: 1", "version: 0",
                        "pipelines/generate.yaml: version: 0 must be a whole number of at least 1"),
                Arguments.of("pipelines/generate.yaml", "model: toy-sd@stable", "model: nope@stable",
                        "pipelines/generate.yaml: steps[0].model: model \"nope\" does not exist; models: toy-cut, toy-sd, toy-up"),
                Arguments.of("pipelines/generate.yaml", "model: toy-sd@stable", "model: toy-sd@beta",
                        "pipelines/generate.yaml: steps[0].model: \"beta\" is neither a version nor an alias of model toy-sd; versions: 1, 2, 3-narrow; aliases: stable, canary"),
                Arguments.of("pipelines/cut-up.yaml", "capability: upscale", "capability: img2img",
                        "pipelines/cut-up.yaml: steps[1].capability: model toy-up@a does not support img2img; it supports upscale"),
                Arguments.of("pipelines/generate.yaml", "capability: txt2img", "capability: paint",
                        "pipelines/generate.yaml: steps[0].capability: \"paint\" is not one of txt2img, img2img, upscale, remove_background"),
                Arguments.of("pipelines/generate.yaml", "width: 64", "height: 64",
                        "pipelines/generate.yaml: steps[0].parameters.height: is not a parameter of model toy-sd@1; parameters: prompt, negative_prompt, steps, seed, width"),
                Arguments.of("pipelines/generate.yaml", "width: 64", "width: 70",
                        "pipelines/generate.yaml: steps[0].parameters.width: constant 70 must be a multiple of 16 for model toy-sd@1"),
                Arguments.of("pipelines/generate.yaml", "steps: {type: number, integer: true,", "steps: {type: number,",
                        "pipelines/generate.yaml: steps[0].parameters.steps: input steps is a number that may have a fraction, but the parameter needs a whole number"),
                Arguments.of("templates/style-prompt.yaml", "text: \"{{subject}}", "text: \"{{subject}} {{mood}}",
                        "templates/style-prompt.yaml: text: uses {{mood}}, which is not listed in variables (subject, style_ink, style_oil)"),
                Arguments.of("templates/style-prompt.yaml", "variables: [subject,", "variables: [mood, subject,",
                        "pipelines/generate.yaml: steps[0].parameters.prompt: template style-prompt uses variable \"mood\", which this pipeline does not provide"),
                Arguments.of("templates/style-negative.yaml", "text: \"blurry", "text: \"{{#style_ink}}blurry",
                        "templates/style-negative.yaml: text: is not a valid Mustache template"),
                Arguments.of("templates/style-negative.yaml", "text: \"blurry", "text: \"{{> secrets}}blurry",
                        "templates/style-negative.yaml: text: is not a valid Mustache template: partials are not allowed"),
                Arguments.of("templates/style-negative.yaml", "text: \"blurry", "text: \"{{ {{",
                        "templates/style-negative.yaml: text: is not a valid Mustache template"),
                Arguments.of("templates/style-negative.yaml", "text: \"blurry", "text: \"{{.}} blurry",
                        "templates/style-negative.yaml: text: is not a valid Mustache template: {{.}} outside a section would render every input"),
                Arguments.of("templates/style-negative.yaml", "text: \"blurry", "text: \"{{{this}}} blurry",
                        "templates/style-negative.yaml: text: is not a valid Mustache template: {{this}} outside a section would render every input"),
                Arguments.of("templates/style-negative.yaml", "text: \"blurry", "text: \"{{=<% %>=}}<% . %> blurry",
                        "templates/style-negative.yaml: text: is not a valid Mustache template: changing the tag delimiters is not allowed"),
                Arguments.of("scenes/poster.yaml", "      max_length: 80", "      max_length: 500",
                        "scenes/poster.yaml: form.fields[0].max_length: max_length 500 is more than the max_length 100 of pipeline generate input subject"),
                Arguments.of("scenes/poster.yaml", "min: 1\n      max: 60", "min: 1\n      max: 500",
                        "scenes/poster.yaml: form.fields[2].max: max 500 is more than the max 60 of pipeline generate input steps"),
                Arguments.of("scenes/poster.yaml", "min: 1\n      max: 60", "min: 0\n      max: 60",
                        "scenes/poster.yaml: form.fields[2].min: min 0 is less than the min 1 of pipeline generate input steps"),
                Arguments.of("pipelines/cut-up.yaml", "image: {step: cut}", "image: {step: up}",
                        "pipelines/cut-up.yaml: steps[1].image.step: \"up\" is not an earlier step; earlier steps: cut"),
                Arguments.of("pipelines/cut-up.yaml", "image: {input: photo}", "image: {input: scale}",
                        "pipelines/cut-up.yaml: steps[0].image.input: \"scale\" is a number input; an image needs an image input"),
                Arguments.of("pipelines/cut-up.yaml", "scale: {input: scale}", "scale: {step: cut}",
                        "pipelines/cut-up.yaml: steps[1].parameters.scale: a step's output is an image; bind it to the step's image"),
                Arguments.of("pipelines/cut-up.yaml", "scale: {input: scale}", "scale: {input: size}",
                        "pipelines/cut-up.yaml: steps[1].parameters.scale.input: \"size\" is not an input of this pipeline; inputs: photo, scale"),
                Arguments.of("pipelines/cut-up.yaml", "    image: {step: cut}\n", "",
                        "pipelines/cut-up.yaml: steps[1].image: is required for upscale"),
                Arguments.of("scenes/poster.yaml", "pipeline: generate", "pipeline: generator",
                        "scenes/poster.yaml: pipeline: pipeline \"generator\" does not exist; pipelines: cut-up, generate"),
                Arguments.of("scenes/poster.yaml", "- name: seed", "- name: seeds",
                        "scenes/poster.yaml: form.fields[3].name: \"seeds\" is not an input of pipeline generate; inputs: subject, style, steps, seed"),
                Arguments.of("scenes/poster.yaml", "      type: seed", "      type: text",
                        "scenes/poster.yaml: form.fields[3].type: is text, but pipeline generate declares input seed as seed"),
                Arguments.of("scenes/poster.yaml", "- {value: oil, label: {en: Oil, zh-CN: 油画}}",
                        "- {value: oil, label: {en: Oil, zh-CN: 油画}}\n        - {value: pastel, label: {en: Pastel, zh-CN: 粉彩}}",
                        "scenes/poster.yaml: form.fields[1].choices: \"pastel\" is not a choice of pipeline input style (none, ink, oil)"),
                Arguments.of("pipelines/generate.yaml", "  seed: {type: seed}", "  seed: {type: seed}\n  mood: {type: text, required: true}",
                        "scenes/poster.yaml: form.fields: pipeline generate requires input \"mood\", which the form does not have"),
                Arguments.of("scenes/poster.yaml", "    steps: 40", "    stepz: 40",
                        "scenes/poster.yaml: presets.pro.stepz: \"stepz\" is not a field of this scene's form"),
                Arguments.of("scenes/poster.yaml", "    steps: 40", "    steps: 400",
                        "scenes/poster.yaml: presets.pro.steps: 400 breaks the field's rule: must be at most 60"),
                Arguments.of("scenes/poster.yaml", "default: 10", "default: 100",
                        "scenes/poster.yaml: form.fields[2].default: 100 breaks the field's own rule: must be at most 60"),
                Arguments.of("scenes/poster.yaml", "max: 60\n      default: 10", "max: 6\n      default: 10",
                        "scenes/poster.yaml: form.fields[2].default: 10 breaks the field's own rule: must be at most 6"),
                Arguments.of("scenes/poster.yaml", "min: 1\n      max: 60", "min: 61\n      max: 60",
                        "scenes/poster.yaml: form.fields[2].min: min 61.0 is greater than max 60.0"),
                Arguments.of("scenes/poster.yaml", "      min_length: 2", "      min_length: 2\n      integer: true",
                        "scenes/poster.yaml: form.fields[0].integer: applies only to number fields, not text"),
                Arguments.of("pipelines/generate.yaml", "subject: {type: text, required: true,", "subject: {type: text, required: true, default: cat,",
                        "pipelines/generate.yaml: inputs.subject.default: a required field cannot have a default; remove one of them"),
                Arguments.of("scenes/poster.yaml", "      required: true\n      min_length: 2", "      required: true\n      hidden: true\n      min_length: 2",
                        "scenes/poster.yaml: form.fields[0].hidden: a hidden field cannot be required"),
                Arguments.of("scenes/poster.yaml", "      min_length: 2", "      pattern: \"[a-z\"",
                        "scenes/poster.yaml: form.fields[0].pattern: is not a valid regular expression"),
                Arguments.of("examples/ink-cat.yaml", "scene: poster", "scene: flyer",
                        "examples/ink-cat.yaml: scene: scene \"flyer\" does not exist; scenes: cutout, poster"),
                Arguments.of("examples/ink-cat.yaml", "style: ink", "style: watercolour",
                        "examples/ink-cat.yaml: inputs.style: must be one of none, ink, oil (was watercolour)"),
                Arguments.of("examples/ink-cat.yaml", "seed: 1234", "seed: 1234\n  steps: 5",
                        "examples/ink-cat.yaml: inputs.steps: is set by the scene and cannot be changed (was 5)"),
                Arguments.of("examples/ink-cat.yaml", "seed: 1234", "seed: 1234\n  colour: red",
                        "examples/ink-cat.yaml: inputs.colour: is not a field of this form; fields: subject, style, steps, seed"),
                Arguments.of("examples/ink-cat.yaml", "cover: assets/cover.jpg", "cover: assets/missing.jpg",
                        "examples/ink-cat.yaml: cover: \"assets/missing.jpg\" is not a file inside the catalog folder"),
                Arguments.of("examples/ink-cat.yaml", "cover: assets/cover.jpg", "cover: ../fixture/assets/cover.jpg",
                        "examples/ink-cat.yaml: cover: \"../fixture/assets/cover.jpg\" is not a file inside the catalog folder"),
                Arguments.of("examples/ink-cat.yaml", "cover: assets/cover.jpg", "cover: assets/cover.gif",
                        "examples/ink-cat.yaml: cover: \"assets/cover.gif\" must be a .png, .jpg, .jpeg, .webp file"),
                Arguments.of("examples/cut-photo.yaml", "asset:assets/photo.jpg", "asset:assets/nope.jpg",
                        "examples/cut-photo.yaml: inputs.photo: \"assets/nope.jpg\" is not a file inside the catalog folder"),
                Arguments.of("models/toy-sd.yaml", "canary: \"2\"", "canary: \"9\"",
                        "models/toy-sd.yaml: aliases.canary: points at version \"9\", which this model does not have"),
                Arguments.of("models/toy-sd.yaml", "canary: \"2\"", "\"2\": \"1\"",
                        "models/toy-sd.yaml: aliases.2: alias \"2\" has the same name as a version"),
                Arguments.of("models/toy-sd.yaml", "1111111111111111111111111111111111111111111111111111111111111111", "xyz",
                        "models/toy-sd.yaml: versions[0].file_hash: \"xyz\" is not a sha256: write 64 lower-case hex digits"),
                Arguments.of("models/toy-sd.yaml", "  - version: \"2\"", "  - version: 2.10",
                        "models/toy-sd.yaml: versions[1].version: 2.1 is read as a decimal number, which loses digits such as a trailing 0; quote it"),
                Arguments.of("models/toy-sd.yaml", "canary: \"2\"", "canary: 2.0",
                        "models/toy-sd.yaml: aliases.canary: 2.0 is read as a decimal number; quote the version"),
                Arguments.of("models/toy-sd.yaml", "  - version: \"2\"", "  - version: \"1\"",
                        "models/toy-sd.yaml: versions[1].version: version \"1\" appears more than once"),
                Arguments.of("models/toy-cut.yaml", "    folder: models/toy-cut", "    folder: models/toy-cut\n    remote: toy",
                        "models/toy-cut.yaml: versions[0]: set exactly one of folder (a model folder) and remote (a model on a remote back end)"),
                Arguments.of("models/toy-cut.yaml", "    cost_prior_seconds: 1.0\n", "",
                        "models/toy-cut.yaml: versions[0].cost_prior_seconds: is required"),
                Arguments.of("models/toy-up.yaml", "scale: {type: integer, default: 4,", "scale: {type: integer, default: 8,",
                        "models/toy-up.yaml: versions[0].parameters.scale.default: 8 breaks the parameter's own limits: must be at most 4"),
                Arguments.of("models/toy-up.yaml", "scale: {type: integer,", "scale: {type: float,",
                        "models/toy-up.yaml: versions[0].parameters.scale.type: \"float\" is not one of integer, number, string, choice, boolean"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("mistakes")
    void mistake_isReportedWithFileAndPath(String file, String from, String to, String expected) {
        fixture.edit(file, from, to);

        List<String> errors = errorsOf(CatalogSource.read(folder));

        assertThat(errors).anySatisfy(error -> assertThat(error).startsWith(expected));
    }

    @Test
    void brokenField_isReportedOnce() {
        fixture.edit("scenes/poster.yaml", "    - name: steps\n      type: number", "    - name: steps\n      type: colour");

        assertThat(errorsOf(CatalogSource.read(folder))).containsExactly(
                "scenes/poster.yaml: form.fields[2].type: \"colour\" is not one of text, choice, number, image, seed");
    }

    @Test
    void coverLinkedOutOfTheFolder_isReported(@TempDir Path elsewhere) throws java.io.IOException {
        Path outside = java.nio.file.Files.writeString(elsewhere.resolve("outside.jpg"), "not inside the catalog");
        java.nio.file.Files.createSymbolicLink(folder.resolve("assets/linked.jpg"), outside);
        fixture.edit("examples/ink-cat.yaml", "cover: assets/cover.jpg", "cover: assets/linked.jpg");

        assertThat(errorsOf(CatalogSource.read(folder)))
                .containsExactly("examples/ink-cat.yaml: cover: \"assets/linked.jpg\" is not a file inside the catalog folder");
    }

    @Test
    void emptyFile_isReported() {
        fixture.write("scenes/blank.yaml", "");

        assertThat(errorsOf(CatalogSource.read(folder))).contains("scenes/blank.yaml: is empty");
    }

    @Test
    void sameIdInTwoFiles_isReported() {
        fixture.write("scenes/more/poster.yaml", fixture.read("scenes/poster.yaml"));

        assertThat(errorsOf(CatalogSource.read(folder)))
                .contains("scenes/poster.yaml: id: scene \"poster\" is also defined in scenes/more/poster.yaml");
    }

    @Test
    void problemsInSeveralFiles_areAllReportedTogether() {
        fixture.edit("scenes/poster.yaml", "    steps: 40", "    steps: 400");
        fixture.edit("models/toy-sd.yaml", "canary: \"2\"", "canary: \"9\"");
        fixture.edit("examples/cut-photo.yaml", "asset:assets/photo.jpg", "asset:assets/nope.jpg");

        assertThatThrownBy(() -> loader.load(CatalogSource.read(folder)))
                .isInstanceOfSatisfying(CatalogInvalidException.class, e -> {
                    assertThat(e.errors()).extracting(CatalogError::file)
                            .contains("scenes/poster.yaml", "models/toy-sd.yaml", "examples/cut-photo.yaml");
                    assertThat(e.getMessage()).startsWith("the catalog is invalid (" + e.errors().size() + " problems):");
                });
    }

    @Test
    void filesOutsideKindFolders_areIgnored() {
        fixture.write("notes/todo.yaml", "this: [is not a catalog file");
        fixture.write("README.yaml", "nor: [this");

        CatalogContents contents = loader.load(CatalogSource.read(folder));

        assertThat(contents.scenes()).containsKey("poster");
    }

    private List<String> errorsOf(CatalogSource source) {
        try {
            loader.load(source);
        } catch (CatalogInvalidException e) {
            return e.errors().stream().map(CatalogError::toString).toList();
        }
        throw new AssertionError("the catalog loaded without errors");
    }
}
