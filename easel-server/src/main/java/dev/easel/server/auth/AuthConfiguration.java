package dev.easel.server.auth;

import dev.easel.server.task.IdGenerator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/** Users, API keys and the filter that authenticates {@code /v1}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class AuthConfiguration {

    /** The user store, created after Flyway's initializer; the admin bootstrap runs here. */
    @Bean
    @DependsOn("flywayInitializer")
    UserStore userStore(DataSource dataSource, AuthProperties properties) {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        UserStore store = new UserStore(new JdbcTemplate(dataSource), transactions);
        AdminBootstrap.run(store, properties);
        return store;
    }

    @Bean
    Users users(UserStore store, AuthProperties properties, IdGenerator ids) {
        return new Users(store, properties, ids);
    }

    @Bean
    TierEntitlement tierEntitlement(AuthProperties properties, dev.easel.server.dispatch.DispatchLoop loop) {
        return new TierEntitlement(properties, loop.tierNames());
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(UserStore store, AuthProperties properties, ProblemResponder problems) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(new ApiKeyFilter(store, properties, problems));
        registration.addUrlPatterns("/v1/*");
        // After the body size filter (HIGHEST_PRECEDENCE + 100), so oversized bodies are refused unread either way.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 110);
        return registration;
    }
}
