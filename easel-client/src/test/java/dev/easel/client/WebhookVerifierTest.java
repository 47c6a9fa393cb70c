package dev.easel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the verifier against the published test vector of the Standard Webhooks reference
 * libraries (github.com/standard-webhooks/standard-webhooks, libraries/java WebhookTest), which
 * Easel's signer reproduces in its own tests.
 */
class WebhookVerifierTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static WebhookVerifier verifierAt(long epochSecond, String... secrets) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        return new WebhookVerifier(List.of(secrets), WebhookVerifier.DEFAULT_TOLERANCE, clock);
    }

    private static Map<String, List<String>> headers(String id, String timestamp, String signature) {
        return Map.of("Webhook-Id", List.of(id), "WEBHOOK-TIMESTAMP", List.of(timestamp), "webhook-signature", List.of(signature));
    }

    @Test
    void verify_publishedVector_passes() {
        assertThatCode(() -> verifierAt(TIMESTAMP, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void verify_headerMapAnyCase_passes() {
        assertThatCode(() -> verifierAt(TIMESTAMP, SECRET).verify(headers(ID, Long.toString(TIMESTAMP), SIGNATURE), BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void verify_secretWithoutPrefix_passes() {
        assertThatCode(() -> verifierAt(TIMESTAMP, SECRET.substring(6)).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void verify_oneValidAmongSeveralSignatures_passes() {
        String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw== v1,not-base64! " + SIGNATURE;

        assertThatCode(() -> verifierAt(TIMESTAMP, SECRET).verify(ID, Long.toString(TIMESTAMP), header, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void verify_rotatedSecrets_eitherMatches() {
        String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

        assertThatCode(() -> verifierAt(TIMESTAMP, otherSecret, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void verify_skewWithinTolerance_passesBothWays() {
        assertThatCode(() -> verifierAt(TIMESTAMP + 300, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifierAt(TIMESTAMP - 300, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void verify_tooOldOrTooNew_rejected() {
        assertThatThrownBy(() -> verifierAt(TIMESTAMP + 301, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("301 s from this receiver's clock");
        assertThatThrownBy(() -> verifierAt(TIMESTAMP - 301, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void verify_tamperedBodyIdOrTimestamp_rejected() {
        WebhookVerifier verifier = verifierAt(TIMESTAMP, SECRET);
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier.verify(ID, Long.toString(TIMESTAMP), SIGNATURE, tampered))
                .hasMessageContaining("no webhook-signature matches");
        assertThatThrownBy(() -> verifier.verify("msg_other", Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .hasMessageContaining("no webhook-signature matches");
        assertThatThrownBy(() -> verifier.verify(ID, Long.toString(TIMESTAMP + 1), SIGNATURE, BODY))
                .hasMessageContaining("no webhook-signature matches");
    }

    @Test
    void verify_wrongSecret_rejected() {
        String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

        assertThatThrownBy(() -> verifierAt(TIMESTAMP, otherSecret).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void verify_onlyOtherVersions_rejected() {
        assertThatThrownBy(() -> verifierAt(TIMESTAMP, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE.replace("v1,", "v2,"), BODY))
                .hasMessage("webhook-signature holds no v1 signature");
    }

    @Test
    void verify_missingOrMalformedHeaders_rejected() {
        WebhookVerifier verifier = verifierAt(TIMESTAMP, SECRET);

        assertThatThrownBy(() -> verifier.verify(Map.of("webhook-timestamp", List.of("1"), "webhook-signature", List.of(SIGNATURE)), BODY))
                .hasMessage("webhook-id header is missing");
        assertThatThrownBy(() -> verifier.verify(ID, null, SIGNATURE, BODY)).hasMessage("webhook-timestamp header is missing");
        assertThatThrownBy(() -> verifier.verify(ID, "1", " ", BODY)).hasMessage("webhook-signature header is missing");
        assertThatThrownBy(() -> verifier.verify(ID, "2021-02-25T15:02:10Z", SIGNATURE, BODY))
                .hasMessageContaining("is not Unix seconds");
    }

    @Test
    void constructor_invalidSecret_messageWithoutSecret() {
        assertThatThrownBy(() -> new WebhookVerifier("whsec_***secret***"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("webhook secret 1 is not valid base64 after the whsec_ prefix");
        assertThatThrownBy(() -> new WebhookVerifier(List.of(), Duration.ofMinutes(5), Clock.systemUTC()))
                .hasMessage("at least one webhook secret is needed");
        assertThat(new WebhookVerifier(SECRET)).isNotNull();
    }
}
