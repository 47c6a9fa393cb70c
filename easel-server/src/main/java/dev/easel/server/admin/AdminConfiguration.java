package dev.easel.server.admin;

import dev.easel.server.admission.AdmissionPolicy;
import dev.easel.server.admission.TierPauses;
import dev.easel.server.dispatch.DispatchLoop;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;

/** The store of run-time tier settings, applied again when the server starts. */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    @Bean
    @DependsOn("flywayInitializer")
    JdbcTierSettings tierSettings(DataSource dataSource, DispatchLoop loop, AdmissionPolicy policy, TierPauses pauses, JsonMapper json) {
        JdbcTierSettings settings = new JdbcTierSettings(new JdbcTemplate(dataSource));
        TierSettingsRestore.restore(settings, loop, policy, pauses, json);
        return settings;
    }
}
