package dev.easel.server.config;

import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.store.JdbcTaskStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The recovery of task deadlines at start; the dispatch loop watches them while the server runs. */
@Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    @Bean
    DeadlineRecovery deadlineRecovery(DispatchLoop loop, JdbcTaskStore store) {
        return new DeadlineRecovery(loop, store);
    }
}
