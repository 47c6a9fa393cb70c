/**
 * Signed webhooks: what a task's owner is told when the task changes state.
 *
 * <p>The pieces, in the order a notification passes through them:
 * <ol>
 *   <li>A task request's {@link dev.easel.server.webhook.TaskWebhook} names the receiver and
 *       the events. {@link dev.easel.server.webhook.WebhookPlanner} turns each task event into a
 *       delivery, applying the {@link dev.easel.server.webhook.WebhookEventFilter} and the
 *       {@link dev.easel.server.webhook.ProgressThrottle};
 *       {@link dev.easel.server.webhook.WebhookEnvelope} is its JSON body.</li>
 *   <li>The store writes the delivery to its outbox in the same transaction as the transition
 *       ({@link dev.easel.server.webhook.WebhookOutbox}).</li>
 *   <li>{@link dev.easel.server.webhook.WebhookDispatcher} claims due deliveries and hands each to
 *       {@link dev.easel.server.webhook.WebhookHttpSender}, which signs it
 *       ({@link dev.easel.server.webhook.WebhookSigner}, Standard Webhooks 1.0.0), connects only
 *       to addresses that {@link dev.easel.server.webhook.DestinationGuard} accepted, and never
 *       follows a redirect.</li>
 *   <li>{@link dev.easel.server.webhook.RetrySchedule} decides when a failed attempt is tried
 *       again and when the delivery is given up. Every attempt is stored, and
 *       {@link dev.easel.server.webhook.DeliveryStatus} is what the owner reads back.</li>
 * </ol>
 */
package dev.easel.server.webhook;
