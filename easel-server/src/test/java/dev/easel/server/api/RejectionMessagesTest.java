package dev.easel.server.api;

import dev.easel.server.admission.AdmissionDecision;
import dev.easel.server.admission.AdmissionRejectedException;
import dev.easel.server.admission.RejectionReason;
import dev.easel.server.webhook.DestinationGuard;
import dev.easel.server.webhook.HostResolver;
import dev.easel.server.webhook.InvalidWebhookRequestException;
import dev.easel.server.webhook.TaskWebhook;
import dev.easel.server.webhook.WebhookEventFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every admission rejection reason and every webhook URL rule, rendered by the API's exception
 * handler from the real message bundles in English and in Simplified Chinese: both bundles contain
 * each title and detail, and a Chinese detail is Chinese throughout. Only field names, values,
 * header names and standard terms (URL, http) stay in Latin letters.
 */
class RejectionMessagesTest {

    private static final Pattern CJK = Pattern.compile("[\\u4e00-\\u9fff]");
    private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{2,}");
    private static final String TIER = "low";

    private final ApiExceptionHandler handler = new ApiExceptionHandler(new ProblemWriter(messageSource(), JsonMapper.builder().build()));

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @ParameterizedTest
    @EnumSource(RejectionReason.class)
    void bothBundles_holdTitleAndDetail(RejectionReason reason) {
        for (String bundle : new String[] {"messages.properties", "messages_zh_CN.properties"}) {
            Properties messages = load(bundle);

            assertThat(messages.getProperty(reason.messageKey() + ".title")).as(bundle + " title of " + reason.code()).isNotBlank();
            assertThat(messages.getProperty(reason.messageKey() + ".detail")).as(bundle + " detail of " + reason.code()).isNotBlank();
        }
    }

    @ParameterizedTest
    @EnumSource(RejectionReason.class)
    void chineseDetail_leavesNoEnglishWords(RejectionReason reason) {
        ProblemDetail chinese = render(reason, Locale.SIMPLIFIED_CHINESE);

        String stripped = chinese.getDetail().replace("Retry-After", "").replace(TIER, "");
        assertThat(chinese.getDetail()).as(reason.code()).containsPattern(CJK);
        assertThat(CJK.matcher(chinese.getTitle()).find()).as("title of " + reason.code()).isTrue();
        assertThat(LATIN_WORD.matcher(stripped).results().map(m -> m.group()).toList()).as(chinese.getDetail()).isEmpty();
        assertThat(chinese.getDetail()).as(reason.code()).doesNotContain("{");
    }

    @ParameterizedTest
    @EnumSource(RejectionReason.class)
    void englishDetail_isEnglishWithTheNumbers(RejectionReason reason) {
        ProblemDetail english = render(reason, Locale.ENGLISH);

        assertThat(english.getDetail()).as(reason.code()).doesNotContainPattern(CJK).doesNotContain("{");
        assertThat(english.getTitle()).as(reason.code()).doesNotContainPattern(CJK);
        assertThat(english.getProperties()).containsEntry("code", reason.code());
    }

    @ParameterizedTest
    @EnumSource(value = RejectionReason.class, names = {"RATE_LIMITED", "COST_BUDGET_EXHAUSTED", "QUEUE_FULL"})
    void wordedLimit_keepsTheLimitMemberInEnglish(RejectionReason reason) {
        ProblemDetail english = render(reason, Locale.ENGLISH);
        ProblemDetail chinese = render(reason, Locale.SIMPLIFIED_CHINESE);

        assertThat(chinese.getProperties().get("limit")).isEqualTo(english.getProperties().get("limit"));
        assertThat(chinese.getDetail()).doesNotContain(String.valueOf(english.getProperties().get("limit")));
    }

    @Test
    void webhookRules_chineseDetail_leavesNoEnglishWords() {
        DestinationGuard guard = new DestinationGuard(List.of(), HostResolver.SYSTEM);
        List<Runnable> mistakes = List.of(
                () -> guard.checkUrl("webhook.url", "http://example.com/" + "a".repeat(3000)),
                () -> guard.checkUrl("webhook.url", "http://exa mple.com/"),
                () -> guard.checkUrl("webhook.url", "ftp://example.com/hook"),
                () -> guard.checkUrl("webhook.url", "http:///hook"),
                () -> guard.checkUrl("webhook.url", "http://user:secret@example.com/hook"),
                () -> guard.checkUrl("webhook.url", "http://metadata.google.internal/"),
                () -> guard.checkUrl("webhook.url", "http://10.0.0.1/hook"),
                () -> WebhookEventFilter.parse("webhook.events", List.of("bogus")),
                () -> TaskWebhook.fromRequest(null, null, guard));
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);

        for (Runnable mistake : mistakes) {
            InvalidWebhookRequestException e = catchThrowableOfType(InvalidWebhookRequestException.class, mistake::run);
            ProblemDetail chinese = (ProblemDetail) handler.invalidWebhook(e, new MockHttpServletRequest("POST", "/v1/tasks")).getBody();

            String stripped = chinese.getDetail().replace(e.value(), "").replace(e.field(), "");
            List<String> english = LATIN_WORD.matcher(stripped).results().map(m -> m.group())
                    .filter(word -> !List.of("URL", "http", "https", "webhook", "private", "queued", "started", "progress",
                            "succeeded", "failed", "canceled", "expired").contains(word))
                    .toList();
            assertThat(chinese.getDetail()).as(e.rule()).containsPattern(CJK);
            assertThat(english).as(chinese.getDetail()).isEmpty();
            assertThat(chinese.getProperties()).as(e.rule()).containsEntry("limit", e.rule());
        }
    }

    private ProblemDetail render(RejectionReason reason, Locale locale) {
        LocaleContextHolder.setLocale(locale);
        AdmissionDecision.Rejected rejected = new AdmissionDecision.Rejected(reason, Duration.ofSeconds(30), sampleDetails());
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/tasks");
        Object body = handler.admissionRejected(new AdmissionRejectedException(rejected), request).getBody();
        assertThat(body).isInstanceOf(ProblemDetail.class);
        return (ProblemDetail) body;
    }

    /** Details with every key any reason reads, as {@code AdmissionPolicy} fills them. */
    private static Map<String, Object> sampleDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tier", TIER);
        details.put("requests", 30L);
        details.put("period_seconds", 60L);
        details.put("burst", 10L);
        details.put("budget_seconds_per_hour", 600.0);
        details.put("cost_seconds", 12.5);
        details.put("remaining_seconds", 3.25);
        details.put("limit", 5);
        details.put("queued", 5);
        details.put("running", 2);
        details.put("projected_wait_seconds", 700L);
        details.put("threshold_seconds", 600L);
        return details;
    }

    private static ResourceBundleMessageSource messageSource() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }

    private static Properties load(String name) {
        Properties properties = new Properties();
        try (InputStream in = RejectionMessagesTest.class.getClassLoader().getResourceAsStream(name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
