package dev.easel.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies with the symmetric scheme of the Standard Webhooks specification 1.0.0.
 *
 * <p>The signed content is {@code <webhook-id>.<webhook-timestamp>.<body>} in UTF-8 (the body as
 * the exact bytes sent); the signature is HMAC-SHA256 with the decoded secret, base64-encoded and
 * prefixed {@code v1,}. With several secrets (during a rotation) the header carries one signature
 * per secret, separated by spaces, and a receiver accepts the request when any one matches.
 *
 * <p>Stateless and thread-safe.
 */
public final class WebhookSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1,";

    private WebhookSigner() {
    }

    /**
     * Returns the headers for one attempt.
     *
     * @param id               delivery id; must not contain {@code .} because it delimits the
     *                         signed content
     * @param timestampSeconds attempt time in Unix seconds
     * @param body             the exact request body
     * @param secrets          one or more secrets, current first
     */
    public static SignedHeaders sign(String id, long timestampSeconds, byte[] body, List<WebhookSecret> secrets) {
        Objects.requireNonNull(body, "body");
        if (Objects.requireNonNull(id, "id").isEmpty() || id.indexOf('.') >= 0) {
            throw new IllegalArgumentException("webhook id must be non-empty and free of '.', was '" + id + "'");
        }
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is needed to sign");
        }

        byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        StringJoiner signatures = new StringJoiner(" ");
        for (WebhookSecret secret : secrets) {
            signatures.add(VERSION + Base64.getEncoder().encodeToString(hmac(secret, prefix, body)));
        }
        return new SignedHeaders(id, timestampSeconds, signatures.toString());
    }

    private static byte[] hmac(WebhookSecret secret, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.keyBytes(), ALGORITHM));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java SE runtime ships HmacSHA256, and any non-empty key is valid for it.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
