package dev.easel.server.cli;

import dev.easel.server.EaselServerApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code easel serve}: starts the HTTP API, the store, the scheduler and the in-process workers
 * in this JVM, and runs until the process is stopped.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Start Easel: HTTP API, durable store, scheduler and in-process workers.",
            "Every setting of application.yaml can be given as --name=value or as an environment variable "
                    + "(for example EASEL_WORKERS_COUNT=2)."
        })
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", description = "HTTP port (default 8080).")
    private Integer port;

    @Option(names = "--workers", description = "Number of in-process workers (default 1).")
    private Integer workers;

    @Option(names = "--backends", description = "Back ends each worker hosts, comma-separated: tiny-sd, isnet, upscale, timed "
            + "(default tiny-sd,isnet,upscale).")
    private String backends;

    @Unmatched
    private List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = new ArrayList<>(springArguments);
        if (port != null) {
            args.add("--server.port=" + port);
        }
        if (workers != null) {
            args.add("--easel.workers.count=" + workers);
        }
        if (backends != null) {
            args.add("--easel.workers.backends=" + backends);
        }
        ConfigurableApplicationContext context;
        try {
            context = EaselServerApplication.start(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            // Spring Boot has logged the failure already, as a failure analysis or with its stack
            // trace, so picocli must not print the stack trace a second time.
            return 1;
        }
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        if (context.isActive()) {
            closed.await();
        }
        return 0;
    }
}
