package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    // Published test vector of the Standard Webhooks reference libraries
    // (github.com/standard-webhooks/standard-webhooks, libraries/java WebhookTest.verifyWebhookSignWorks).
    static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long VECTOR_TIMESTAMP = 1614265330L;
    static final String VECTOR_BODY = "{\"test\": 2432232314}";
    static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void sign_publishedVector_matches() {
        SignedHeaders headers = WebhookSigner.sign(VECTOR_ID, VECTOR_TIMESTAMP,
                VECTOR_BODY.getBytes(StandardCharsets.UTF_8), List.of(WebhookSecret.parse(VECTOR_SECRET)));

        assertThat(headers.signature()).isEqualTo(VECTOR_SIGNATURE);
        assertThat(headers.id()).isEqualTo(VECTOR_ID);
        assertThat(headers.asMap()).containsEntry("webhook-timestamp", "1614265330");
    }

    @Test
    void sign_secretWithoutPrefix_sameSignature() {
        WebhookSecret unprefixed = WebhookSecret.parse(VECTOR_SECRET.substring(WebhookSecret.PREFIX.length()));

        SignedHeaders headers = WebhookSigner.sign(VECTOR_ID, VECTOR_TIMESTAMP,
                VECTOR_BODY.getBytes(StandardCharsets.UTF_8), List.of(unprefixed));

        assertThat(headers.signature()).isEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void sign_twoSecrets_spaceSeparatedSignatureForEach() {
        WebhookSecret current = WebhookSecret.generate();
        WebhookSecret previous = WebhookSecret.parse(VECTOR_SECRET);
        byte[] body = VECTOR_BODY.getBytes(StandardCharsets.UTF_8);

        SignedHeaders headers = WebhookSigner.sign(VECTOR_ID, VECTOR_TIMESTAMP, body, List.of(current, previous));

        String[] signatures = headers.signature().split(" ");
        assertThat(signatures).hasSize(2);
        assertThat(signatures[0]).isEqualTo(WebhookSigner.sign(VECTOR_ID, VECTOR_TIMESTAMP, body, List.of(current)).signature());
        assertThat(signatures[1]).isEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void sign_changedBodyOrTimestamp_differentSignature() {
        List<WebhookSecret> secret = List.of(WebhookSecret.parse(VECTOR_SECRET));

        String changedBody = WebhookSigner.sign(VECTOR_ID, VECTOR_TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), secret).signature();
        String changedTime = WebhookSigner.sign(VECTOR_ID, VECTOR_TIMESTAMP + 1, VECTOR_BODY.getBytes(StandardCharsets.UTF_8), secret).signature();

        assertThat(changedBody).isNotEqualTo(VECTOR_SIGNATURE);
        assertThat(changedTime).isNotEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void sign_idWithFullStop_rejected() {
        List<WebhookSecret> secret = List.of(WebhookSecret.parse(VECTOR_SECRET));

        assertThatThrownBy(() -> WebhookSigner.sign("msg.1", 1, new byte[0], secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("msg.1");
    }

    @Test
    void sign_noSecret_rejected() {
        assertThatThrownBy(() -> WebhookSigner.sign(VECTOR_ID, 1, new byte[0], List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one webhook secret");
    }

    @Test
    void secret_generated_roundTripsThroughSerialisedForm() {
        WebhookSecret secret = WebhookSecret.generate();

        String serialised = secret.serialise();

        assertThat(serialised).startsWith("whsec_");
        assertThat(WebhookSecret.parse(serialised)).isEqualTo(secret);
        assertThat(secret.toString()).doesNotContain(serialised.substring(6));
    }

    @Test
    void secret_tooShortOrNotBase64_rejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24 to 64 bytes, was 5 bytes")
                .hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_not*base64"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining("not*base64");
    }
}
