package dev.easel.server.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.easel.server.metrics.EaselMetrics;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.TaskStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store: a Hikari pool on SQLite (default, {@code ./data/easel.db}) or PostgreSQL, chosen by
 * {@code spring.datasource.url}. For SQLite the folder of the database file is created first.
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
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("easel-store");
        config.setMaximumPoolSize(poolSize);
        if (!username.isEmpty()) {
            config.setUsername(username);
            config.setPassword(password);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            createSqliteFolder(url);
        }
        return new HikariDataSource(config);
    }

    /** Creates the store after Flyway's initializer, so that the schema is migrated first. */
    @Bean(destroyMethod = "close")
    @DependsOn("flywayInitializer")
    JdbcTaskStore taskStore(DataSource dataSource, EaselProperties properties, EaselMetrics metrics) {
        return new JdbcTaskStore(dataSource, properties.getStore().getMaxGroup(), metrics::storeGroupCommitted);
    }

    private static void createSqliteFolder(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of the SQLite database " + parent, e);
        }
    }
}
