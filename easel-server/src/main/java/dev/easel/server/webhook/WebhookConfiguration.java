package dev.easel.server.webhook;

import dev.easel.server.events.TaskEvents;
import dev.easel.server.store.JdbcTaskStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Random;

/** The webhook outbox, secrets, subscriptions and the dispatcher that sends deliveries. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

    @Bean
    @DependsOn("flywayInitializer")
    JdbcWebhookOutbox webhookOutbox(DataSource dataSource) {
        return new JdbcWebhookOutbox(new JdbcTemplate(dataSource));
    }

    @Bean
    @DependsOn("flywayInitializer")
    JdbcWebhookSecrets webhookSecrets(DataSource dataSource) {
        return new JdbcWebhookSecrets(new JdbcTemplate(dataSource));
    }

    @Bean
    DestinationGuard destinationGuard(WebhookProperties properties) {
        return new DestinationGuard(properties.allowlistRanges(), HostResolver.SYSTEM);
    }

    /**
     * Adds the outbox writes to the store's transitions, and follows the progress of subscribed
     * tasks that were unfinished when the server stopped.
     */
    @Bean
    TaskWebhooks taskWebhooks(DataSource dataSource, JdbcTaskStore store, JdbcWebhookOutbox outbox, TaskEvents events,
                              DestinationGuard guard, WebhookProperties properties, JdbcWebhookSecrets secrets) {
        Clock clock = Clock.systemUTC();
        TaskWebhooks webhooks = new TaskWebhooks(new JdbcTemplate(dataSource), store, outbox, events,
                new WebhookPlanner(new ProgressThrottle(clock, properties.progressInterval()), clock), guard, clock, secrets);
        webhooks.resume();
        return webhooks;
    }

    @Bean(destroyMethod = "close")
    WebhookHttpSender webhookSender(DestinationGuard guard, WebhookProperties properties) {
        return new WebhookHttpSender(guard, properties.senderSettings(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    WebhookDispatcher webhookDispatcher(JdbcWebhookOutbox outbox, JdbcWebhookSecrets secrets, WebhookHttpSender sender,
                                        WebhookProperties properties) {
        WebhookDispatcher dispatcher = new WebhookDispatcher(outbox, secrets, sender, properties.retrySchedule(),
                properties.dispatcherSettings(), Clock.systemUTC(), new Random());
        dispatcher.start();
        return dispatcher;
    }
}
