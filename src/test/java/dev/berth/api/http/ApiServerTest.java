package dev.berth.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP layer over a real unix socket, spoken to byte by byte as the Docker clients do. */
class ApiServerTest {
    @TempDir
    Path dir;
    private ApiServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() {
        Router router = new Router()
                .add("GET", "/_ping", x -> x.respondBytes(200, "text/plain; charset=utf-8", "OK".getBytes()))
                .add("GET", "/boom", x -> {
                    throw BerthException.conflict("it clashed");
                })
                .add("GET", "/broken", x -> {
                    throw new NoClassDefFoundError("dev/berth/Missing");
                })
                .add("POST", "/refuse", x -> {
                    x.body().readNBytes(10);
                    throw BerthException.invalid("bad archive");
                })
                .add("POST", "/count", x -> {
                    long n = 0;
                    InputStream in = x.body();
                    byte[] buf = new byte[8192];
                    for (int r; (r = in.read(buf)) > 0; ) {
                        n += r;
                    }
                    x.respondJson(200, java.util.Map.of("bytes", n));
                })
                .add("POST", "/slow", x -> {
                    OutputStream out = x.stream(200, "application/json");
                    out.flush();
                    release.await(10, TimeUnit.SECONDS);
                    out.write("{\"done\":true}".getBytes());
                    out.close();
                })
                .add("POST", "/echo", x -> {
                    Exchange.Hijacked h = x.hijack("application/vnd.docker.raw-stream");
                    try (OutputStream out = h.out()) {
                        byte[] buf = new byte[1024];
                        for (int r; (r = h.in().read(buf)) > 0; ) {
                            out.write(buf, 0, r);
                            out.flush();
                        }
                    }
                });
        server = ApiServer.start(dir.resolve("api.sock"), router);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    @Test
    void pingCarriesDockersHeadersAndABareOk() throws IOException {
        String resp = exchange("GET /v1.50/_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
        assertThat(resp).startsWith("HTTP/1.1 200 OK").contains("Api-Version: 1.50").contains("Ostype: linux")
                .contains("Server: Docker/").endsWith("\r\n\r\nOK");
    }

    @Test
    void errorsAreJsonWithExactlyApplicationJson() throws IOException {
        String resp = exchange("GET /boom HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
        assertThat(resp).startsWith("HTTP/1.1 409").contains("content-type: application/json\r\n")
                .endsWith("{\"message\":\"it clashed\"}");
    }

    @Test
    void aHandlerThatDiesOfAnErrorStillAnswers() throws IOException {
        assertThat(exchange("GET /broken HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 500").contains("dev/berth/Missing");
    }

    @Test
    void unknownVersionsAndPathsGetDockerErrors() throws IOException {
        assertThat(exchange("GET /v1.99/_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("too new");
        assertThat(exchange("GET /nowhere HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 404").endsWith("{\"message\":\"page not found\"}");
    }

    @Test
    void largeChunkedBodiesStreamThrough() throws IOException {
        try (SocketChannel ch = connect()) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write("POST /count HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".getBytes());
            writeChunkedZeros(out, 160); // 10 MiB
            assertThat(readAll(ch)).contains("{\"bytes\":" + (160L * 64 * 1024) + "}");
        }
    }

    @Test
    void aRequestRefusedMidBodyStillGetsItsErrorNotAReset() throws IOException {
        try (SocketChannel ch = connect()) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write("POST /refuse HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".getBytes());
            writeChunkedZeros(out, 64); // 4 MiB, far more than the handler reads
            assertThat(readAll(ch)).startsWith("HTTP/1.1 400").endsWith("{\"message\":\"bad archive\"}");
        }
    }

    @Test
    void streamedAnswersSendTheirHeadersBeforeTheBodyIsReady() throws IOException {
        try (SocketChannel ch = connect()) {
            Channels.newOutputStream(ch).write("POST /slow HTTP/1.1\r\nHost: d\r\nContent-Length: 0\r\n\r\n".getBytes());
            InputStream in = Channels.newInputStream(ch);
            String head = readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            release.countDown();
            assertThat(readUntil(in, "0\r\n\r\n")).contains("{\"done\":true}");
        }
    }

    @Test
    void hijackUpgradesToRawBytesBothWays() throws IOException {
        try (SocketChannel ch = connect()) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write("POST /echo HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n".getBytes());
            InputStream in = Channels.newInputStream(ch);
            String head = readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 101 UPGRADED").containsIgnoringCase("upgrade: tcp");
            out.write("GET / HTTP/1.1 is just bytes now\n".getBytes());
            assertThat(readUntil(in, "now\n")).isEqualTo("GET / HTTP/1.1 is just bytes now\n");
            ch.shutdownOutput();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** Sends {@code chunks} chunks of 64 KiB of zeros and the last chunk, in HTTP/1.1 chunked encoding. */
    private static void writeChunkedZeros(OutputStream out, int chunks) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < chunks; i++) {
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes());
            out.write(chunk);
            out.write("\r\n".getBytes());
        }
        out.write("0\r\n\r\n".getBytes());
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(server.socket()));
        return ch;
    }

    private String exchange(String request) throws IOException {
        try (SocketChannel ch = connect()) {
            Channels.newOutputStream(ch).write(request.getBytes(StandardCharsets.UTF_8));
            return readAll(ch);
        }
    }

    private static String readAll(SocketChannel ch) throws IOException {
        return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (!buf.toString(StandardCharsets.UTF_8).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
