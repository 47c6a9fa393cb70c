package dev.easel.server.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP listener that never reads or responds. Used two ways: as a receiver that accepts the
 * connection and never responds, and as a sentinel that must see no connection at all.
 */
final class SilentListener implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    SilentListener(String host) throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 50);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Accepts connections in the background and keeps them open without a response. */
    SilentListener holdConnections() {
        Thread thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    held.add(socket.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-listener");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Returns the number of connections held so far (with {@link #holdConnections()}). */
    int heldConnections() {
        return held.size();
    }

    /**
     * Returns whether any client connected: the kernel completes TCP handshakes into the backlog
     * even when the server never calls accept, so a pending connection shows up here.
     */
    boolean sawConnection() throws IOException {
        socket.setSoTimeout(200);
        try (Socket ignored = socket.accept()) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket client : held) {
            client.close();
        }
        socket.close();
    }
}
