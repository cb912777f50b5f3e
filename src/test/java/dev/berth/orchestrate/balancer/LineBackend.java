package dev.berth.orchestrate.balancer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replica for the balancer's tests, on 127.0.0.1: it answers every line {@code L} of a connection with
 * {@code NAME:L} and, at the client's end of stream, with {@code NAME:bye} before closing, so a client learns which
 * backend served it and whether a half-close came through. One virtual thread per connection.
 */
final class LineBackend implements AutoCloseable {
    private final String name;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    private LineBackend(String name, ServerSocket server) {
        this.name = name;
        this.server = server;
    }

    static LineBackend start(String name) throws IOException {
        LineBackend backend = new LineBackend(name, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().name("backend-" + name).start(backend::acceptAll);
        return backend;
    }

    Backend backend() {
        return new Backend(name, address());
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    int accepted() {
        return accepted.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().start(() -> answer(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            for (String line; (line = in.readLine()) != null; ) {
                out.write((name + ":" + line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write((name + ":bye\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The client or the balancer cut the connection: nothing to answer.
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
