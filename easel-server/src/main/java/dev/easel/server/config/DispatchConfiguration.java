package dev.easel.server.config;

import dev.easel.core.schedule.FairScheduler;
import dev.easel.core.schedule.Scheduler;
import dev.easel.core.schedule.SchedulerSettings;
import dev.easel.core.schedule.TierConfig;
import dev.easel.core.schedule.WorkerSpec;
import dev.easel.engine.Capability;
import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.metrics.EaselMetrics;
import dev.easel.server.output.OutputFiles;
import dev.easel.server.store.TaskStore;
import dev.easel.engine.image.ImageDecoder;
import dev.easel.server.task.IdGenerator;
import dev.easel.server.task.InputImages;
import dev.easel.server.task.JobLifecycle;
import dev.easel.server.task.RetryPolicy;
import dev.easel.server.task.TaskService;
import dev.easel.server.worker.BackendRegistry;
import dev.easel.server.worker.BatchRunner;
import dev.easel.server.worker.WorkerPool;
import dev.easel.server.realtime.RealtimeProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The scheduler, the in-process workers, the dispatch loop and the task service. */
@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

    @Bean
    IdGenerator idGenerator() {
        return new IdGenerator();
    }

    @Bean
    OutputFiles outputFiles(EaselProperties properties) {
        return new OutputFiles(properties.getOutputs().getDir());
    }

    @Bean
    InputImages inputImages(OutputFiles files) {
        return new InputImages(files, ImageDecoder.withDefaultLimits());
    }

    @Bean
    TaskEvents taskEvents(TaskStore store, EaselProperties properties) {
        return new TaskEvents(store, properties.getEvents().getMaxPerTask(), properties.getEvents().getRetention());
    }

    @Bean
    JobLifecycle jobLifecycle(TaskStore store, TaskEvents events, EaselMetrics metrics, EaselProperties properties) {
        EaselProperties.Retry retry = properties.getRetry();
        return new JobLifecycle(store, events, metrics, new RetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff(),
                retry.getUnavailableFor()));
    }

    @Bean
    Scheduler scheduler(EaselProperties properties) {
        SchedulerSettings defaults = SchedulerSettings.defaults();
        List<TierConfig> tiers = properties.getTiers().isEmpty() ? defaults.tiers() : tiers(properties.getTiers());
        SchedulerSettings settings = properties.getScheduler().toSettings(tiers, defaults.costPriors());
        return FairScheduler.create(InstantSource.system(), settings);
    }

    @Bean(destroyMethod = "close")
    WorkerPool workerPool(EaselProperties properties, BackendRegistry backends, JobLifecycle lifecycle, OutputFiles files,
                          TaskEvents events, EaselMetrics metrics, IdGenerator ids, InputImages inputImages,
                          RealtimeProperties realtime) {
        EaselProperties.Workers settings = properties.getWorkers();
        Set<String> models = new HashSet<>();
        Map<String, Integer> maxBatch = new HashMap<>();
        for (BackendRegistry.ServedModel served : backends.models()) {
            models.add(served.info().versionedId());
            for (Capability capability : served.info().capabilities()) {
                maxBatch.merge(capability.wireName(), served.info().maxBatch(), Math::max);
            }
        }
        List<WorkerSpec> workers = new ArrayList<>();
        for (int i = 1; i <= settings.getCount(); i++) {
            workers.add(new WorkerSpec("local-" + i, settings.getPool(), models, 0, maxBatch, settings.getSlots()));
        }
        // Realtime workers sit in the scheduler's realtime pool, which only the realtime tier uses.
        Set<String> realtimeModels = new HashSet<>();
        for (BackendRegistry.ServedModel served : backends.models()) {
            if (realtime.models().contains(served.info().id())) {
                realtimeModels.add(served.info().versionedId());
            }
        }
        for (int i = 1; !realtimeModels.isEmpty() && i <= realtime.workers(); i++) {
            workers.add(new WorkerSpec("realtime-" + i, SchedulerSettings.POOL_REALTIME, realtimeModels, 0, maxBatch, 1));
        }
        return new WorkerPool(workers, new BatchRunner(backends, lifecycle, files, events, metrics, ids, inputImages), lifecycle,
                backends, settings.getShutdownWait());
    }

    @Bean
    DispatchLoop dispatchLoop(Scheduler scheduler, WorkerPool workers, JobLifecycle lifecycle, TaskEvents events, EaselMetrics metrics,
                              EaselProperties properties) {
        DispatchLoop loop = new DispatchLoop(scheduler, workers, lifecycle, events, metrics, properties.getCancel().getGrace(),
                properties.getApi().getPlacementWait());
        for (String tier : loop.tierNames()) {
            metrics.registerQueuedGauge(tier, loop::queuedByTier);
        }
        return loop;
    }

    @Bean
    DispatchLifecycle dispatchLifecycle(DispatchLoop loop, TaskStore store, JobLifecycle lifecycle, OutputFiles files) {
        return new DispatchLifecycle(loop, store, lifecycle, files);
    }

    @Bean
    TaskService taskService(TaskStore store, DispatchLoop loop, BackendRegistry backends, JobLifecycle lifecycle, EaselMetrics metrics,
                            IdGenerator ids, EaselProperties properties, InputImages inputImages) {
        String defaultTier = properties.getApi().getDefaultTier();
        if (!loop.tierNames().contains(defaultTier)) {
            throw new InvalidConfigurationPropertyValueException("easel.api.default-tier", defaultTier,
                    "it is not a configured tier; set it (EASEL_API_DEFAULTTIER) to one of " + loop.tierNames()
                            + " or add that tier under easel.tiers");
        }
        return new TaskService(store, loop, backends, lifecycle, metrics, ids, properties.getApi().getDefaultTier(),
                properties.getApi().getDispatchTimeout(), properties.getApi().getPlacementWait(), inputImages);
    }

    private static List<TierConfig> tiers(List<EaselProperties.Tier> configured) {
        return configured.stream().map(t -> new TierConfig(t.getName(), t.getWeight(), t.isStrictPriority(), t.getMaxQueued(),
                t.getMaxWait().toMillis(), t.getPools(), false, t.getMaxQueuedPerUser())).toList();
    }
}
