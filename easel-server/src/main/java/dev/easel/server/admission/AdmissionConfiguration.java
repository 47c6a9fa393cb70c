package dev.easel.server.admission;

import dev.easel.engine.ParameterSpec;
import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.store.TaskStore;
import dev.easel.server.worker.BackendRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Admission beans: the policy with limits from {@code easel.admission}, tier pauses and the gate. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdmissionProperties.class)
class AdmissionConfiguration {

    /** Per-user lock stripes: a few times Tomcat's default of 200 request threads. */
    private static final int USER_LOCK_STRIPES = 1024;

    /** Request parameters that admission reads to estimate a task's cost and that degrade rules cap. */
    private static final Set<String> SHAPE_PARAMETERS = Set.of("width", "height", "steps", "images");

    @Bean
    AdmissionPolicy admissionPolicy(AdmissionProperties properties,
                                    @Value("${easel.admission.seconds-per-megapixel-step:0.05}") double secondsPerMegapixelStep) {
        return new AdmissionPolicy(properties, new ShapeCostEstimator(secondsPerMegapixelStep), Clock.systemUTC());
    }

    @Bean
    TierPauses tierPauses(@Value("${easel.admission.paused-retry-after:60s}") Duration pausedRetryAfter) {
        return new TierPauses(Clock.systemUTC(), pausedRetryAfter);
    }

    @Bean
    @DependsOn("flywayInitializer")
    DegradeRecords degradeRecords(DataSource dataSource) {
        return new DegradeRecords(new JdbcTemplate(dataSource));
    }

    @Bean
    AdmissionGate admissionGate(AdmissionPolicy policy, TierPauses pauses, DispatchLoop loop, TaskStore store, DegradeRecords degrades,
                                BackendRegistry backends) {
        return new AdmissionGate(policy, pauses, loop, store, new UserLocks(USER_LOCK_STRIPES), degrades,
                model -> sizeStepOf(backends, model), model -> shapeDefaultsOf(backends, model));
    }

    /** Returns the defaults of the parameters that admission costs and caps a task by; empty when the model is unknown. */
    private static Map<String, Object> shapeDefaultsOf(BackendRegistry backends, String model) {
        Map<String, Object> defaults = new HashMap<>();
        backends.find(model).ifPresent(served -> {
            for (ParameterSpec parameter : served.info().schema().parameters()) {
                if (SHAPE_PARAMETERS.contains(parameter.name()) && parameter.defaultValue() != null) {
                    defaults.put(parameter.name(), parameter.defaultValue());
                }
            }
        });
        return defaults;
    }

    /** Returns the size step of a model's {@code width} parameter; the default when the model or parameter is unknown. */
    private static SizeStep sizeStepOf(BackendRegistry backends, String model) {
        return backends.find(model)
                .flatMap(served -> served.info().schema().parameters().stream().filter(p -> p.name().equals("width")).findFirst())
                .map(width -> SizeStep.of(width.multipleOf(), width.min()))
                .orElse(SizeStep.DEFAULT);
    }
}
