/**
 * Signed webhooks: what a task's owner is told when the task changes state.
 *
 * <p>The pieces, in the order a notification passes through them:
 * <ol>
 *   <li>{@link dev.easel.server.webhook.WebhookEventFilter} and
 *       {@link dev.easel.server.webhook.ProgressThrottle} decide whether a task event becomes a
 *       delivery; {@link dev.easel.server.webhook.WebhookEnvelope} is its JSON body.</li>
 *   <li>The store writes the delivery to its outbox in the same transaction as the transition
 *       ({@link dev.easel.server.webhook.WebhookOutbox}).</li>
 *   <li>{@link dev.easel.server.webhook.WebhookDispatcher} claims due deliveries and hands each to
 *       {@link dev.easel.server.webhook.WebhookHttpSender}, which signs it
 *       ({@link dev.easel.server.webhook.WebhookSigner}, Standard Webhooks 1.0.0), connects only
 *       to addresses that {@link dev.easel.server.webhook.DestinationGuard} accepted, and never
 *       follows a redirect.</li>
 *   <li>{@link dev.easel.server.webhook.RetrySchedule} decides when a failed attempt is tried
 *       again and when the delivery is given up.</li>
 * </ol>
 */
package dev.easel.server.webhook;
