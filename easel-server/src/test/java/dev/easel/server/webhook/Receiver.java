package dev.easel.server.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP webhook receiver on a loopback address, built on the JDK's HTTP server. It responds to
 * each request with the status its script gives for that request number (1-based) and records
 * what it received.
 */
final class Receiver implements AutoCloseable {

    /** One received request. */
    record Request(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name.substring(0, 1).toUpperCase() + name.substring(1));
            return values == null ? null : values.get(0);
        }
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    private Receiver(String host, IntFunction<Integer> script, String redirectTo) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, 0), 16);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
            int status = script.apply(count.incrementAndGet());
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", redirectTo);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Starts a receiver on the host that responds to request n with status script(n). */
    static Receiver start(String host, IntFunction<Integer> script) throws IOException {
        return new Receiver(host, script, "/moved");
    }

    /** Returns the URL of a path on this receiver. */
    URI url(String path) {
        String host = server.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
