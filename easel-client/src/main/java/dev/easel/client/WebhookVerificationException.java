package dev.easel.client;

/**
 * A webhook request failed verification; the receiver should answer 400 or 401 and drop it.
 * The message says which check failed and never contains the secret.
 */
public final class WebhookVerificationException extends Exception {

    public WebhookVerificationException(String message) {
        super(message);
    }
}
