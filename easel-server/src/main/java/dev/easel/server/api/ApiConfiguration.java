package dev.easel.server.api;

import dev.easel.server.config.EaselProperties;
import dev.easel.server.events.TaskEvents;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/** Web beans of the API: problem responses, the body size limit and SSE streams. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    /**
     * Rejects numbers and booleans where the API expects text: Jackson would otherwise turn
     * {@code "model": 5} into the string "5" and hide the caller's type error.
     */
    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> {
            config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
            config.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        });
    }

    /** Rejects a body that names a field twice instead of silently keeping the last value. */
    @Bean
    JsonMapperBuilderCustomizer duplicateFields() {
        return builder -> builder.enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** Resolves every Chinese {@code Accept-Language} tag to Simplified Chinese. Spring MVC finds the resolver by this bean name. */
    @Bean(name = org.springframework.web.servlet.DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    org.springframework.web.servlet.LocaleResolver localeResolver() {
        return new ApiLocales();
    }

    @Bean
    ProblemWriter problemWriter(MessageSource messages, JsonMapper json) {
        return new ProblemWriter(messages, json);
    }

    @Bean
    FilterRegistrationBean<BodySizeFilter> bodySizeFilter(EaselProperties properties, ProblemWriter problems) {
        FilterRegistrationBean<BodySizeFilter> registration =
                new FilterRegistrationBean<>(new BodySizeFilter(properties.getApi().getMaxBodyBytes(), problems));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        return registration;
    }

    @Bean
    FilterRegistrationBean<JsonAcceptFilter> jsonAcceptFilter() {
        FilterRegistrationBean<JsonAcceptFilter> registration = new FilterRegistrationBean<>(new JsonAcceptFilter());
        registration.addUrlPatterns("/v1/tasks", "/v1/tasks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 90);
        return registration;
    }

    /** Lets the API key filter answer 401 and 403 with the same localized problems as the controllers. */
    @Bean
    dev.easel.server.auth.ProblemResponder problemResponder(ProblemWriter problems) {
        return (request, response, status, code) -> problems.write(request, response, status, code, null, null, null);
    }

    @Bean(destroyMethod = "close")
    TaskEventStreams taskEventStreams(TaskEvents events, EaselProperties properties) {
        return new TaskEventStreams(events, properties.getEvents().getStreamTimeout(), properties.getEvents().getHeartbeat());
    }
}
