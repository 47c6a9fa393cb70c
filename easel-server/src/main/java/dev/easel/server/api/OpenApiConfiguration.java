package dev.easel.server.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title, description and version (served at {@code /v3/api-docs}). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** API version of the {@code /v1} endpoints. */
    static final String API_VERSION = "1.0.0";

    @Bean
    OpenAPI easelOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Easel API")
                .version(API_VERSION)
                .description("Durable image generation tasks: submit a task for a model (POST /v1/tasks answers 202 once "
                        + "the task is stored), follow it by polling or Server-Sent Events, cancel it, and fetch its outputs. "
                        + "Errors are problem+json (RFC 9457) with code, field, value and limit."));
    }
}
