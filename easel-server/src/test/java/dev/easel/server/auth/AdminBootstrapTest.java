package dev.easel.server.auth;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin bootstrap and key storage on a real, migrated SQLite file. */
class AdminBootstrapTest {

    @TempDir
    Path folder;

    private UserStore store;
    private JdbcTemplate jdbc;

    @BeforeEach
    void migrate() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:sqlite:" + folder.resolve("easel.db"));
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        store = new UserStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @Test
    void firstStart_createsAdminOnce() {
        AdminBootstrap.run(store, properties(""));
        AdminBootstrap.run(store, properties(""));

        assertThat(store.find(AdminBootstrap.ADMIN_ID)).hasValueSatisfying(u -> assertThat(u.admin()).isTrue());
        assertThat(store.keys(AdminBootstrap.ADMIN_ID)).hasSize(1);
    }

    @Test
    void environmentKey_isRegisteredHashedAndWorks() {
        String key = "0123456789abcdef0123456789abcdef-from-env";

        AdminBootstrap.run(store, properties(key));
        AdminBootstrap.run(store, properties(key));

        ApiKeys.Parsed parsed = ApiKeys.parse(key).orElseThrow();
        UserStore.StoredKey stored = store.findKey(parsed.keyId()).orElseThrow();
        assertThat(stored.user().id()).isEqualTo(AdminBootstrap.ADMIN_ID);
        assertThat(ApiKeys.matches(key, stored.keyHash())).isTrue();
        assertThat(store.keys(AdminBootstrap.ADMIN_ID)).hasSize(1);
        assertThat(jdbc.queryForList("SELECT key_hash FROM api_keys", String.class)).doesNotContain(key);
    }

    @Test
    void environmentKey_tooShort_failsNamingTheSetting() {
        assertThatThrownBy(() -> AdminBootstrap.run(store, properties("short")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EASEL_ADMIN_KEY");
    }

    @Test
    void generatedKey_parsesAndMatchesOnlyItself() {
        String key = ApiKeys.generate();
        String other = ApiKeys.generate();

        assertThat(ApiKeys.parse(key)).hasValueSatisfying(p -> assertThat(p.keyId()).hasSize(12));
        assertThat(ApiKeys.matches(key, ApiKeys.hash(key))).isTrue();
        assertThat(ApiKeys.matches(other, ApiKeys.hash(key))).isFalse();
        assertThat(ApiKeys.parse("esk_short")).isEmpty();
    }

    private static AuthProperties properties(String adminKey) {
        return new AuthProperties(adminKey, Map.of(), null);
    }
}
