package dev.easel.server.config;

import dev.easel.server.metrics.EaselMetrics;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.TaskStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import javax.sql.DataSource;

/**
 * The store: a Hikari pool on SQLite (default, {@code ./data/easel.db}) or PostgreSQL, chosen by
 * {@code spring.datasource.url} and opened by {@link StoreDataSource}.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    EaselMetrics easelMetrics(MeterRegistry registry) {
        return new EaselMetrics(registry);
    }

    @Bean
    DataSource dataSource(@Value("${spring.datasource.url}") String url,
                          @Value("${spring.datasource.username:}") String username,
                          @Value("${spring.datasource.password:}") String password,
                          @Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
        return StoreDataSource.open(url, username, password, poolSize);
    }

    /** Creates the store after Flyway's initializer, so that the schema is migrated first. */
    @Bean(destroyMethod = "close")
    @DependsOn("flywayInitializer")
    JdbcTaskStore taskStore(DataSource dataSource, EaselProperties properties, EaselMetrics metrics) {
        return new JdbcTaskStore(dataSource, properties.getStore().getMaxGroup(), metrics::storeGroupCommitted);
    }
}
