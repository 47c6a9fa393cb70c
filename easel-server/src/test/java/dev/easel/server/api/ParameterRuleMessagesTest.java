package dev.easel.server.api;

import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.ParameterSchema;
import dev.easel.engine.ParameterSpec;
import dev.easel.engine.image.ImageDecoder;
import dev.easel.engine.image.ImageLimits;
import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.ResourceBundleMessageSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every rule that the engine's parameter schema and image decoder raise maps to a bundle entry:
 * the English entry reads exactly as the engine's text, and the Chinese one has no English words
 * besides the field, the value and identifiers. A rule text changed in the engine without this
 * table fails here.
 */
class ParameterRuleMessagesTest {

    private static final ParameterSchema SCHEMA = new ParameterSchema(List.of(
            ParameterSpec.integer("width", 512, 64, 1024, 8, true, "width"),
            ParameterSpec.number("guidance", 7.5, 0, 30, true, "guidance"),
            ParameterSpec.text("prompt", "", 10, "prompt"),
            ParameterSpec.choice("sampler", "euler", List.of("euler", "ddim"), true, "sampler"),
            new ParameterSpec("mask_only", ParameterSpec.Type.BOOLEAN, false, null, null, null, List.of(), false, "mask"),
            new ParameterSpec("negative_prompt", ParameterSpec.Type.STRING, null, null, null, null, List.of(), false, "required text")));

    private final ResourceBundleMessageSource messages = messageSource();

    @Test
    void schemaRules_allMapToBundleEntries() {
        List<Map<String, Object>> mistakes = List.of(
                Map.of("negative_prompt", "n", "width", 2000),
                Map.of("negative_prompt", "n", "width", 8),
                Map.of("negative_prompt", "n", "width", 100),
                Map.of("negative_prompt", "n", "width", 64.5),
                Map.of("negative_prompt", "n", "guidance", "high"),
                Map.of("negative_prompt", "n", "guidance", 31),
                Map.of("negative_prompt", "n", "guidance", -1),
                Map.of("negative_prompt", "n", "prompt", 5),
                Map.of("negative_prompt", "n", "prompt", "far too long a prompt"),
                Map.of("negative_prompt", "n", "sampler", "bogus"),
                Map.of("negative_prompt", "n", "mask_only", "yes"),
                Map.of("negative_prompt", "n", "cfg", 7));

        for (Map<String, Object> values : mistakes) {
            InvalidParametersException e = catchThrowableOfType(InvalidParametersException.class, () -> SCHEMA.resolve(values));

            assertLocalized(e);
        }
    }

    @Test
    void imageRules_allMapToBundleEntries() throws IOException {
        ImageDecoder decoder = new ImageDecoder(new ImageLimits(100, 2000));
        byte[] png = png(20, 20);
        List<byte[]> files = List.of(
                new byte[0],
                new byte[3000],
                "hello world".getBytes(StandardCharsets.UTF_8),
                png,
                Arrays.copyOf(png, 60),
                "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1));

        for (byte[] file : files) {
            InvalidParametersException e = catchThrowableOfType(InvalidParametersException.class, () -> decoder.decode(file, "image", null));

            assertLocalized(e);
        }
    }

    @Test
    void serverImageRules_mapToBundleEntries() {
        List<String> rules = List.of(
                "must be an image as a data: URL or base64 text",
                "must be a base64 data: URL, for example data:image/png;base64,...",
                "must be valid base64: Illegal base64 character 40",
                "upscaled 4x would have 1048576 pixels, more than the limit of 1000000");

        for (String rule : rules) {
            assertLocalized(new InvalidParametersException("image", "abc", rule));
        }
    }

    @Test
    void unknownRule_isLeftAsItIs() {
        assertThat(ParameterRuleMessages.match("must rhyme with orange")).isEmpty();
        assertThat(ParameterRuleMessages.match(null)).isEmpty();
    }

    private void assertLocalized(InvalidParametersException e) {
        assertThat(e).isNotNull();
        MessageSourceResolvable entry = ParameterRuleMessages.match(e.rule()).orElse(null);
        assertThat(entry).as(e.rule()).isNotNull();

        String english = messages.getMessage(entry, Locale.ENGLISH);
        String chinese = messages.getMessage(entry, Locale.SIMPLIFIED_CHINESE);

        assertThat(english).as(entry.getCodes()[0]).isEqualTo(e.rule());
        assertThat(chinese).as(e.rule()).containsPattern(LanguageCheck.CJK);
        assertThat(LanguageCheck.englishWords(chinese, List.of(e.field(), String.valueOf(e.value())))).as(chinese).isEmpty();
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static ResourceBundleMessageSource messageSource() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }
}
