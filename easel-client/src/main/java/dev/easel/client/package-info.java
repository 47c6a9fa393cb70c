/**
 * A small Java client for the Easel v1 API ({@link dev.easel.client.EaselClient}) and a verifier
 * for Easel's signed webhooks ({@link dev.easel.client.WebhookVerifier}).
 *
 * <p>Tasks are returned as JSON maps with the API's snake_case field names, so the client does
 * not break when the server adds a field.
 */
package dev.easel.client;
