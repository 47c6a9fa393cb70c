package dev.easel.server.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The English and the Simplified Chinese message bundles hold the same keys, and every entry is a
 * valid {@link MessageFormat} pattern.
 */
class MessageBundlesTest {

    private static final String ENGLISH = "messages.properties";
    private static final String CHINESE = "messages_zh_CN.properties";

    @Test
    void everyEnglishKey_isInTheChineseBundle() {
        Set<String> missing = new TreeSet<>(load(ENGLISH).stringPropertyNames());
        missing.removeAll(load(CHINESE).stringPropertyNames());

        assertThat(missing).as("keys of %s missing from %s", ENGLISH, CHINESE).isEmpty();
    }

    @Test
    void everyChineseKey_isInTheEnglishBundle() {
        Set<String> missing = new TreeSet<>(load(CHINESE).stringPropertyNames());
        missing.removeAll(load(ENGLISH).stringPropertyNames());

        assertThat(missing).as("keys of %s missing from %s", CHINESE, ENGLISH).isEmpty();
    }

    @Test
    void everyEntry_isAValidPattern() {
        for (String bundle : new String[] {ENGLISH, CHINESE}) {
            Properties messages = load(bundle);
            for (String key : messages.stringPropertyNames()) {
                String pattern = messages.getProperty(key);

                assertThat(new MessageFormat(pattern).format(new Object[] {"a", "b", "c"})).as(bundle + " " + key).isNotBlank();
            }
        }
    }

    private static Properties load(String name) {
        Properties properties = new Properties();
        try (InputStream in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
