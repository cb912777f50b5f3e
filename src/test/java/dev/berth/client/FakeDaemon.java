package dev.berth.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A tiny HTTP/1.1 server on a unix socket for wire tests of the client and CLI: it parses one request per
 * connection (Content-Length or chunked body), records it, and lets a route write the raw answer.
 */
public final class FakeDaemon implements AutoCloseable {
    /** One received request; the body is fully read unless the route asked for an upgrade. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }
    }

    /** Answers a request by writing raw bytes; {@code in} is the rest of the connection (for hijacks). */
    public interface Route {
        void answer(Request request, InputStream in, OutputStream out) throws IOException;
    }

    private record Rule(Predicate<Request> matches, Route route) {}

    private final Path socket;
    private final ServerSocketChannel server;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeDaemon(Path directory) throws IOException {
        this.socket = directory.resolve("fake.sock");
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public DaemonAddress address() {
        return new DaemonAddress(socket);
    }

    public String host() {
        return "unix://" + socket;
    }

    /** Routes requests whose method and path (without query and API version) match. */
    public FakeDaemon on(String method, String path, Route route) {
        rules.add(new Rule(r -> r.method().equals(method) && unversioned(r.path()).equals(path), route));
        return this;
    }

    /** A JSON answer with Content-Length. */
    public FakeDaemon json(String method, String path, int status, String json) {
        return on(method, path, (r, in, out) -> respond(out, status, "application/json", json.getBytes(StandardCharsets.UTF_8)));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public static void respond(OutputStream out, int status, String contentType, byte[] body) throws IOException {
        String head = "HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    static String unversioned(String path) {
        return path.matches("/v\\d+\\.\\d+/.*") ? path.substring(path.indexOf('/', 1)) : path;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread.ofVirtual().start(() -> serve(channel));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            OutputStream out = Channels.newOutputStream(channel);
            String[] requestLine = line(in).split(" ");
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                headers.put(h.substring(0, h.indexOf(':')).trim(), h.substring(h.indexOf(':') + 1).trim());
            }
            byte[] body = headers.getOrDefault("Transfer-Encoding", "").toLowerCase(Locale.ROOT).contains("chunked")
                    ? new ChunkedInputStream(in).readAllBytes()
                    : in.readNBytes(Integer.parseInt(headers.getOrDefault("Content-Length", "0")));
            Request request = new Request(requestLine[0], requestLine[1], headers, body);
            requests.add(request);
            for (Rule rule : rules) {
                if (rule.matches().test(request)) {
                    rule.route().answer(request, in, out);
                    return;
                }
            }
            respond(out, 404, "application/json", ("{\"message\":\"no route for " + request.path() + "\"}").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // The client went away; the test's assertions will say what was missing.
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
