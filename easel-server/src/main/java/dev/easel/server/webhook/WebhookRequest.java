package dev.easel.server.webhook;

import java.util.List;

/**
 * The {@code webhook} member of a task request.
 *
 * @param url    the receiver; required
 * @param events wire names ({@code queued}, {@code started}, {@code progress}, {@code succeeded},
 *               {@code failed}, {@code canceled}, {@code expired}); the terminal events when left out
 */
public record WebhookRequest(String url, List<String> events) {
}
