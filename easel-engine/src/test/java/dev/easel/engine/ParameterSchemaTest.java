package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSchemaTest {

    private final ParameterSchema schema = new ParameterSchema(List.of(
            ParameterSpec.text("prompt", null, 20, "What the image shows."),
            ParameterSpec.integer("width", 64, 16, 1024, 16, true, "Width in pixels."),
            new ParameterSpec("seed", ParameterSpec.Type.INTEGER, -1L, -1L, (1L << 53) - 1, null, List.of(), false, "Seed."),
            ParameterSpec.number("guidance", 7.5, 0, 30, true, "CFG scale."),
            ParameterSpec.choice("sampler", "euler", List.of("euler", "ddim"), true, "Sampler."),
            new ParameterSpec("mask_only", ParameterSpec.Type.BOOLEAN, false, null, null, null, List.of(), false, "Mask only."),
            ParameterSpec.image("image", false, "Input image.")));

    @Test
    void resolve_fillsDefaultsInSchemaOrder() {
        Map<String, Object> resolved = schema.resolve(Map.of("prompt", "a fox"));

        assertThat(resolved).containsExactly(
                Map.entry("prompt", "a fox"),
                Map.entry("width", 64L),
                Map.entry("seed", -1L),
                Map.entry("guidance", 7.5),
                Map.entry("sampler", "euler"),
                Map.entry("mask_only", false));
    }

    @Test
    void resolve_acceptsWholeDoubleAsInteger() {
        assertThat(schema.resolve(Map.of("prompt", "x", "width", 128.0))).containsEntry("width", 128L);
    }

    @Test
    void resolve_integerBeyondLongRange_rejectsInsteadOfWrapping() {
        BigInteger twoTo64 = BigInteger.ONE.shiftLeft(64);

        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "width", twoTo64.add(BigInteger.valueOf(64)))))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("width")
                .hasMessageContaining("must be at most 1024");
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "seed", twoTo64)))
                .hasMessageContaining("must be at most 9007199254740991");
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "seed", BigInteger.ONE.shiftLeft(63))))
                .hasMessageContaining("must be at most");
    }

    @Test
    void resolve_fractionalInteger_rejects() {
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "width", 64.5)))
                .hasMessageContaining("width = 64.5: must be an integer");
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "width", new BigDecimal("64.0001"))))
                .hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "width", "64")))
                .hasMessageContaining("must be an integer");
    }

    @Test
    void resolve_integerOutsideLimits_namesTheLimit() {
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "width", 8)))
                .hasMessageContaining("must be at least 16");
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "width", 70)))
                .hasMessageContaining("must be a multiple of 16");
    }

    @Test
    void resolve_numberNotFinite_rejects() {
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "guidance", Double.NaN)))
                .hasMessageContaining("must be a finite number");
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "guidance", -0.5)))
                .hasMessageContaining("must be at least 0");
    }

    @Test
    void resolve_missingRequired_rejects() {
        assertThatThrownBy(() -> schema.resolve(Map.of()))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> {
                    assertThat(e.field()).isEqualTo("prompt");
                    assertThat(e.rule()).isEqualTo("is required");
                });
    }

    @Test
    void resolve_nullCountsAsLeftOut() {
        Map<String, Object> values = new HashMap<>();
        values.put("prompt", "x");
        values.put("width", null);

        assertThat(schema.resolve(values)).containsEntry("width", 64L);
    }

    @Test
    void resolve_unknownParameter_namesKnownOnes() {
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "cfg", 7)))
                .hasMessageContaining("cfg")
                .hasMessageContaining("known: [prompt, width, seed");
    }

    @Test
    void resolve_textChoiceAndBoolean_checkTheirRules() {
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x".repeat(21))))
                .hasMessageContaining("must be at most 20 characters, was 21");
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "sampler", "plms")))
                .hasMessageContaining("must be one of [euler, ddim]");
        assertThatThrownBy(() -> schema.resolve(Map.of("prompt", "x", "mask_only", "yes")))
                .hasMessageContaining("must be true or false");
    }
}
