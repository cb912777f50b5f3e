package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class UrlConnectionGetTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private HttpServer server;
    private final CountDownLatch stop = new CountDownLatch(1);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServing() {
        stop.countDown();
        server.stop(0);
    }

    @Test
    void anAnswerCarriesStatusHeadersAndBodyAndTheRequestHeadersWentOut() throws IOException {
        UrlConnectionGet answer = UrlConnectionGet.send(uri("/echo"), Map.of("Range", "bytes=3-"), SECOND, SECOND);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-type")).hasValue("text/plain");
        assertThat(answer.uri()).isEqualTo(uri("/echo"));
        try (InputStream body = answer.body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("range bytes=3- accept */*");
        }
    }

    @Test
    void anErrorStatusComesWithItsBody() throws IOException {
        UrlConnectionGet answer = UrlConnectionGet.send(uri("/missing"), Map.of(), SECOND, SECOND);
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body().readAllBytes()).asString().contains("BLOB_UNKNOWN");
    }

    @Test
    void aRedirectIsAnsweredNotFollowed() throws IOException {
        UrlConnectionGet answer = UrlConnectionGet.send(uri("/moved"), Map.of(), SECOND, SECOND);
        assertThat(answer.statusCode()).isEqualTo(307);
        assertThat(answer.headers().firstValue("Location")).hasValue("/echo");
    }

    @Test
    @Timeout(10)
    void aBodyThatStallsFailsAfterTheReadTimeoutInsteadOfHanging() throws IOException {
        UrlConnectionGet answer = UrlConnectionGet.send(uri("/stall"), Map.of(), SECOND, Duration.ofMillis(200));
        assertThat(answer.statusCode()).isEqualTo(200);
        InputStream body = answer.body();
        assertThat(body.readNBytes(4)).asString().isEqualTo("part");
        assertThatThrownBy(body::readAllBytes).isInstanceOf(SocketTimeoutException.class);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void answer(HttpExchange x) throws IOException {
        switch (x.getRequestURI().getPath()) {
            case "/echo" -> {
                x.getResponseHeaders().set("Content-Type", "text/plain");
                send(x, 200, "range " + x.getRequestHeaders().getFirst("Range") + " accept "
                        + x.getRequestHeaders().getFirst("Accept"));
            }
            case "/moved" -> {
                x.getResponseHeaders().set("Location", "/echo");
                send(x, 307, "");
            }
            case "/stall" -> {
                x.sendResponseHeaders(200, 1000);
                x.getResponseBody().write("part".getBytes(StandardCharsets.UTF_8));
                x.getResponseBody().flush();
                try {
                    stop.await(); // the rest never comes while the test runs
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                x.close();
            }
            default -> send(x, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}");
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
