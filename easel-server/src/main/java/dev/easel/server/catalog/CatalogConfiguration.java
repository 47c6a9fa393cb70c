package dev.easel.server.catalog;

import dev.easel.catalog.LiveCatalog;
import dev.easel.catalog.load.CatalogWatcher;
import dev.easel.catalog.plan.TaskResolver;
import dev.easel.server.auth.User;
import dev.easel.server.auth.Users;
import dev.easel.server.chain.CatalogTaskService;
import dev.easel.server.chain.ChainAdvancer;
import dev.easel.server.chain.ChainPlans;
import dev.easel.server.chain.ChainViews;
import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.task.IdGenerator;
import dev.easel.server.task.InputImages;
import dev.easel.server.task.JobLifecycle;
import dev.easel.server.task.TaskService;
import dev.easel.server.worker.BackendRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The catalog in the server: loaded at start from {@code easel.catalog.dir} (environment
 * {@code EASEL_CATALOG_DIR}, default {@code ./catalog}) with the alias switches and the archived
 * object versions from the store, watched for file changes, and wired into task submission and the
 * step chain.
 */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CatalogConfiguration.class);

    @Bean
    @DependsOn("flywayInitializer")
    AliasSwitches aliasSwitches(DataSource dataSource) {
        return new AliasSwitches(dataSource);
    }

    @Bean
    @DependsOn("flywayInitializer")
    CatalogVersions catalogVersions(DataSource dataSource) {
        return new CatalogVersions(dataSource, Clock.systemUTC());
    }

    @Bean
    LiveCatalog liveCatalog(@Value("${easel.catalog.dir:./catalog}") String dir, AliasSwitches switches, CatalogVersions versions,
                            BackendRegistry backends) {
        Path root = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            root = emptyFolder();
            log.atWarn().addKeyValue("dir", Path.of(dir).toAbsolutePath().normalize()).addKeyValue("serving", root)
                    .log("catalog folder does not exist; serving an empty catalog. Start Easel from the repository root or set EASEL_CATALOG_DIR");
        }
        LiveCatalog catalog = LiveCatalog.open(root, Clock.systemUTC(), switches.history(), versions);
        log.atInfo().addKeyValue("dir", root).addKeyValue("scenes", catalog.current().scenes().size())
                .addKeyValue("revision", catalog.current().revision()).log("catalog loaded");
        ModelCheck.warn(catalog.current(), backends);
        return catalog;
    }

    private static Path emptyFolder() {
        try {
            return Files.createTempDirectory("easel-empty-catalog");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an empty catalog folder", e);
        }
    }

    @Bean(destroyMethod = "close")
    CatalogWatcher catalogWatcher(LiveCatalog catalog, @Value("${easel.catalog.watch-interval:1s}") Duration interval,
                                  @Value("${easel.catalog.debounce:300ms}") Duration debounce) {
        return CatalogWatcher.start(catalog, interval, debounce);
    }

    @Bean
    CatalogAdmin catalogAdmin(LiveCatalog catalog, AliasSwitches switches, IdGenerator ids, BackendRegistry backends) {
        return new CatalogAdmin(catalog, switches, ids, backends);
    }

    @Bean
    ChainPlans chainPlans(JdbcTaskStore store) {
        return new ChainPlans(store);
    }

    @Bean
    ChainViews chainViews(JdbcTaskStore store, ChainPlans plans) {
        return new ChainViews(store, plans);
    }

    @Bean
    CatalogTaskService catalogTaskService(LiveCatalog catalog, TaskService tasks, JdbcTaskStore store, ChainPlans plans,
                                          BackendRegistry backends, InputImages images, IdGenerator ids, JobLifecycle lifecycle,
                                          TaskEvents events, DispatchLoop loop, Users users) {
        SplittableRandom random = new SplittableRandom();
        TaskResolver resolver = new TaskResolver(catalog, () -> {
            synchronized (random) {
                return random.nextLong(4_294_967_296L);
            }
        });
        CatalogTaskService service = new CatalogTaskService(catalog, resolver, tasks, store, plans, backends, images, ids,
                userId -> users.find(userId).map(User::group).orElse(null));
        // Wired before the dispatch lifecycle starts, so that recovered chains continue.
        lifecycle.continueStepsWith(new ChainAdvancer(store, plans, events, loop));
        tasks.routeCatalogRequests(service);
        return service;
    }
}
