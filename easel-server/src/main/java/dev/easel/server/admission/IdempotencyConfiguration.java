package dev.easel.server.admission;

import dev.easel.server.store.JdbcTaskStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** The {@code Idempotency-Key} rules on the task store, and the pruning of dead keys. */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    @Bean
    IdempotencyKeys idempotencyKeys(JdbcTaskStore store) {
        return new IdempotencyKeys(store, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    IdempotencyPruner idempotencyPruner(IdempotencyKeys keys,
                                        @Value("${easel.idempotency.prune-interval:1h}") Duration interval) {
        return new IdempotencyPruner(keys, interval);
    }
}
