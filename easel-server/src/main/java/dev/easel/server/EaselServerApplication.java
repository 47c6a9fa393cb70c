package dev.easel.server;

import dev.easel.server.config.EaselProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot application: HTTP API, store, dispatch loop and in-process workers in one JVM. */
@SpringBootApplication
@EnableConfigurationProperties(EaselProperties.class)
public class EaselServerApplication {

    /** Starts the server with these Spring arguments (for example {@code --server.port=8080}). */
    public static ConfigurableApplicationContext start(String... args) {
        return SpringApplication.run(EaselServerApplication.class, args);
    }

    public static void main(String[] args) {
        start(args);
    }
}
