package dev.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import dev.berth.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP/1.1 client for berthd's Docker Engine API over its unix socket: one connection per request
 * (a unix connect costs microseconds), {@code Connection: close}, bodies framed by Content-Length, chunks or EOF.
 * Every 2xx is returned; any other status becomes a {@link DaemonException} carrying the daemon's message.
 * Closing the client closes connections whose responses are still open (e.g. a {@code wait} left behind by
 * {@code run -d}).
 */
public final class BerthClient implements AutoCloseable {
    /** The Engine API version Berth speaks (Docker 28.2). */
    public static final String API_VERSION = "1.50";
    private static final String USER_AGENT = "berth-cli/0.1.0";

    private final DaemonAddress address;
    private final List<SocketConnection> open = new ArrayList<>();

    public BerthClient(DaemonAddress address) {
        this.address = address;
    }

    public DaemonAddress address() {
        return address;
    }

    public JsonNode get(ApiPath path) {
        return json("GET", path, RequestBody.empty());
    }

    public JsonNode post(ApiPath path, JsonNode body) {
        return json("POST", path, RequestBody.json(body));
    }

    /** POST without a body; an answer, if any, is returned as JSON. */
    public JsonNode post(ApiPath path) {
        return json("POST", path, RequestBody.empty());
    }

    public JsonNode delete(ApiPath path) {
        return json("DELETE", path, RequestBody.empty());
    }

    /** Sends a request and returns once the status line and headers have arrived; the body streams on. */
    public Response send(String method, ApiPath path, RequestBody body) {
        return send(method, path, body, Map.of());
    }

    /** {@link #send(String, ApiPath, RequestBody)} with extra request headers, e.g. {@code X-Registry-Auth}. */
    public Response send(String method, ApiPath path, RequestBody body, Map<String, String> headers) {
        return exchange(connection -> {
            writeRequest(connection.out(), method, path, body, headers, false);
            ResponseHead head = ResponseHead.read(connection.in());
            InputStream content = bodyOf(head, connection.in(), method);
            if (head.status() / 100 != 2) {
                throw errorOf(head, content);
            }
            return new Response(head, content);
        });
    }

    /**
     * Sends a request with {@code Connection: Upgrade, Upgrade: tcp} and returns the raw stream once the daemon
     * answers {@code 101}; Docker's CLI treats any other success status as an error, and so does this.
     */
    public HijackedStream hijack(ApiPath path, RequestBody body) {
        return exchange(connection -> {
            writeRequest(connection.out(), "POST", path, body, Map.of(), true);
            ResponseHead head = ResponseHead.read(connection.in());
            if (head.status() != 101) {
                InputStream content = bodyOf(head, connection.in(), "POST");
                throw head.status() / 100 == 2
                        ? BerthException.internal("unable to upgrade to tcp, received " + head.status())
                        : errorOf(head, content);
            }
            return new HijackedStream(connection, connection.in(), head.header("Content-Type").orElse(""));
        });
    }

    @Override
    public void close() {
        synchronized (open) {
            open.forEach(BerthClient::closeQuietly);
            open.clear();
        }
    }

    private JsonNode json(String method, ApiPath path, RequestBody body) {
        try (Response r = send(method, path, body)) {
            return r.json();
        }
    }

    /** What a request does on its own connection, which it keeps open for the response it returns. */
    private interface Exchange<T> {
        T over(SocketConnection connection) throws IOException;
    }

    /** Runs {@code exchange} on a new connection, closing it if the exchange fails, since no one else will. */
    private <T> T exchange(Exchange<T> exchange) {
        SocketConnection connection = connect();
        try {
            return exchange.over(connection);
        } catch (IOException e) {
            closeQuietly(connection);
            throw new UncheckedIOException("talking to the Berth daemon at " + address.uri() + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private SocketConnection connect() {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(address.socket()));
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // The connect already failed; that is the error to report.
                }
            }
            throw unreachable(e);
        }
        SocketConnection connection = new SocketConnection(channel);
        synchronized (open) {
            open.add(connection);
        }
        return connection;
    }

    private BerthException unreachable(IOException e) {
        String reason = String.valueOf(e.getMessage());
        if (reason.toLowerCase(java.util.Locale.ROOT).contains("permission denied")) {
            return new BerthException(ErrorKind.INTERNAL, "permission denied while trying to connect to the Berth daemon socket at "
                    + address.uri() + " (run as root or as a member of the socket's group)", e);
        }
        return new BerthException(ErrorKind.INTERNAL, "Cannot connect to the Berth daemon at " + address.uri()
                + ". Is berthd running? (start it with bin/berthd)", e);
    }

    private void writeRequest(OutputStream out, String method, ApiPath path, RequestBody body, Map<String, String> headers,
                              boolean upgrade) throws IOException {
        String target = path.path().startsWith("/berth/") ? path.toString() : "/v" + API_VERSION + path;
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: berth\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append(upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        switch (body) {
            case RequestBody.Empty e -> head.append("Content-Length: 0\r\n\r\n");
            case RequestBody.Bytes b -> head.append("Content-Type: ").append(b.contentType())
                    .append("\r\nContent-Length: ").append(b.data().length).append("\r\n\r\n");
            case RequestBody.Stream s -> head.append("Content-Type: ").append(s.contentType()).append("\r\n")
                    .append(s.length().isPresent() ? "Content-Length: " + s.length().getAsLong() : "Transfer-Encoding: chunked")
                    .append("\r\n\r\n");
        }
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        switch (body) {
            case RequestBody.Empty e -> { }
            case RequestBody.Bytes b -> out.write(b.data());
            case RequestBody.Stream s -> {
                if (s.length().isPresent()) {
                    s.data().transferTo(out);
                } else {
                    ChunkedOutputStream chunked = new ChunkedOutputStream(out);
                    s.data().transferTo(chunked);
                    chunked.finish();
                }
            }
        }
        out.flush();
    }

    /** RFC 9112 §6.3: no body for HEAD, 1xx, 204, 304; then chunked, then Content-Length, else until close. */
    static InputStream bodyOf(ResponseHead head, InputStream in, String method) {
        int s = head.status();
        if (method.equals("HEAD") || s / 100 == 1 || s == 204 || s == 304) {
            return new BoundedInputStream(in, 0);
        }
        if (head.isChunked()) {
            return new ChunkedInputStream(in);
        }
        return head.contentLength().<InputStream>map(n -> new BoundedInputStream(in, n)).orElse(in);
    }

    /** The daemon's {@code {"message": …}}, or its body as text when it is not Docker's error shape. */
    static DaemonException errorOf(ResponseHead head, InputStream content) throws IOException {
        byte[] data;
        try (content) {
            data = content.readNBytes(64 * 1024);
        }
        String message = new String(data, StandardCharsets.UTF_8).trim();
        if (head.header("Content-Type").orElse("").startsWith("application/json") && data.length > 0) {
            try {
                message = Json.MAPPER.readTree(data).path("message").asText(message);
            } catch (IOException notJson) {
                // Keep the raw text: it is still the best description of what went wrong.
            }
        }
        if (message.isEmpty()) {
            message = head.status() == 304 ? "not modified" : "HTTP " + head.status() + " " + head.reason();
        }
        return new DaemonException(head.status(), message);
    }

    private static void closeQuietly(SocketConnection connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // Nothing useful can be done about a failed close.
        }
    }
}
