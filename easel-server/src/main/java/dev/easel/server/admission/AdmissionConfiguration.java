package dev.easel.server.admission;

import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.store.TaskStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Admission beans: the policy with limits from {@code easel.admission}, tier pauses and the gate. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdmissionProperties.class)
class AdmissionConfiguration {

    @Bean
    AdmissionPolicy admissionPolicy(AdmissionProperties properties,
                                    @Value("${easel.admission.seconds-per-megapixel-step:0.05}") double secondsPerMegapixelStep) {
        return new AdmissionPolicy(properties, new ShapeCostEstimator(secondsPerMegapixelStep), Clock.systemUTC());
    }

    @Bean
    TierPauses tierPauses() {
        return new TierPauses();
    }

    @Bean
    AdmissionGate admissionGate(AdmissionPolicy policy, TierPauses pauses, DispatchLoop loop, TaskStore store) {
        return new AdmissionGate(policy, pauses, loop, store);
    }
}
