package dev.easel.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code target/easel.jar}, path in system property {@code easel.jar})
 * started as a separate JVM on a free loopback port, with the timed back end and its data in a
 * given folder, so that tests can kill it with SIGKILL and start it again on the same data.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Map<Path, Map<String, String>> KEYS = new ConcurrentHashMap<>();

    private final Process process;
    private final int port;
    private final Path log;
    private final Path data;

    private ServerProcess(Process process, int port, Path log, Path data) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.data = data;
    }

    /**
     * Starts the server and waits until its readiness check is up.
     *
     * @param data     folder of the SQLite database and the outputs; reused across restarts
     * @param settings extra {@code --name=value} arguments
     */
    public static ServerProcess start(Path data, List<String> settings) throws IOException, InterruptedException {
        ServerProcess server = launch(data, settings);
        server.awaitReady(Duration.ofSeconds(180));
        return server;
    }

    /** Starts the server without waiting for it to be ready, for a run that is expected to crash. */
    public static ServerProcess launch(Path data, List<String> settings) throws IOException {
        String jar = System.getProperty("easel.jar", "target/easel.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the server jar " + jar + " is missing; run the tests with mvn verify");
        }
        int port = freePort();
        Path log = data.resolve("server-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx512m", "-jar", jar, "serve",
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:sqlite:" + data.resolve("easel.db") + "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000",
                "--easel.outputs.dir=" + data.resolve("outputs"),
                "--easel.workers.backends=timed",
                "--easel.auth.admin-key=" + Http.TEST_ADMIN_KEY));
        command.addAll(settings);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(process, port, log, data);
    }

    public int port() {
        return port;
    }

    /** Returns a client; user names map to the same keys across restarts on the same data folder. */
    public Http http() {
        return new Http(port, KEYS.computeIfAbsent(data, d -> new ConcurrentHashMap<>()));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; returns its exit code, or -1 on timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Returns the server's process id. */
    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM, as a service manager stopping the server would, and waits up to {@code timeout}; returns the exit code or -1. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Kills the process with SIGKILL, as a crash or an out-of-memory kill would, and waits for it. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Returns the server's log so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + " while starting:\n" + log());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server was not ready within " + timeout.toSeconds() + " s:\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
