package dev.berth.client;

import static dev.berth.client.WireTestData.concat;
import static dev.berth.client.WireTestData.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpWireTest {
    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void parsesStatusLineAndHeadersCaseInsensitively() throws IOException {
        InputStream in = stream("HTTP/1.1 201 Created\r\ncontent-type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        ResponseHead head = ResponseHead.read(in);
        assertThat(head.status()).isEqualTo(201);
        assertThat(head.reason()).isEqualTo("Created");
        assertThat(head.header("Content-Type")).contains("application/json");
        assertThat(head.contentLength()).contains(2L);
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void rejectsGarbageStatusLine() {
        assertThatThrownBy(() -> ResponseHead.read(stream("SSH-2.0-OpenSSH\r\n\r\n")))
                .isInstanceOf(BerthException.class).hasMessageContaining("malformed HTTP status line");
    }

    @Test
    void decodesChunksWithExtensionsAndTrailers() throws IOException {
        InputStream in = new ChunkedInputStream(stream("5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: y\r\n\r\nNEXT"));
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
    }

    @Test
    void chunkedStreamThatEndsEarlyIsAnError() {
        InputStream in = new ChunkedInputStream(stream("a\r\nshort"));
        assertThatThrownBy(in::readAllBytes).isInstanceOf(BerthException.class).hasMessageContaining("inside a chunk");
    }

    @Test
    void chunkedEncodingRoundTrips() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ChunkedOutputStream out = new ChunkedOutputStream(wire);
        out.write("abc".getBytes(StandardCharsets.UTF_8));
        out.write(new byte[0]);
        out.write("defgh".getBytes(StandardCharsets.UTF_8));
        out.finish();
        assertThat(wire.toString(StandardCharsets.ISO_8859_1)).isEqualTo("3\r\nabc\r\n5\r\ndefgh\r\n0\r\n\r\n");
        assertThat(new ChunkedInputStream(new ByteArrayInputStream(wire.toByteArray())).readAllBytes()).asString().isEqualTo("abcdefgh");
    }

    @Test
    void contentLengthBodyStopsAtItsLengthAndDetectsTruncation() throws IOException {
        assertThat(new BoundedInputStream(stream("abcdef"), 3).readAllBytes()).asString().isEqualTo("abc");
        assertThatThrownBy(() -> new BoundedInputStream(stream("ab"), 3).readAllBytes()).isInstanceOf(BerthException.class);
    }

    @Test
    void demuxesFramesToStdoutAndStderr() throws IOException {
        byte[] wire = concat(frame(1, "out1\n"), frame(2, "err\n"), frame(0, "echo\n"), frame(1, ""), frame(1, "out2\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        MultiplexedStream.demux(new ByteArrayInputStream(wire), out, err);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out1\necho\nout2\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
    }

    @Test
    void demuxHandlesFramesLargerThanItsBuffer() throws IOException {
        String big = "x".repeat(100_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultiplexedStream.demux(new ByteArrayInputStream(frame(1, big)), out, java.io.OutputStream.nullOutputStream());
        assertThat(out.size()).isEqualTo(100_000);
    }

    @Test
    void truncatedFrameIsAnError() {
        byte[] wire = frame(1, "hello");
        InputStream in = new ByteArrayInputStream(wire, 0, wire.length - 2);
        assertThatThrownBy(() -> MultiplexedStream.demux(in, new ByteArrayOutputStream(), new ByteArrayOutputStream()))
                .isInstanceOf(BerthException.class).hasMessageContaining("inside a frame");
    }

    @Test
    void rawStreamsAreCopiedUnlessTheContentTypeSaysMultiplexed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultiplexedStream.copy("application/vnd.docker.raw-stream", stream("\u0001tty bytes"), out, new ByteArrayOutputStream());
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\u0001tty bytes");
    }

    @Test
    void statusesMapToErrorKinds() {
        assertThat(DaemonException.kindOf(404)).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(DaemonException.kindOf(409)).isEqualTo(ErrorKind.CONFLICT);
        assertThat(DaemonException.kindOf(400)).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(DaemonException.kindOf(304)).isEqualTo(ErrorKind.NOT_MODIFIED);
        assertThat(DaemonException.kindOf(500)).isEqualTo(ErrorKind.INTERNAL);
        assertThat(DaemonException.kindOf(503)).isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void pathsEncodeNamesButKeepImageSlashesAndColons() {
        assertThat(ApiPath.of("/images/%s/json", "localhost:5000/app:1").toString()).isEqualTo("/images/localhost:5000/app:1/json");
        assertThat(ApiPath.of("/containers/%s/json", "a b?#").toString()).isEqualTo("/containers/a%20b%3F%23/json");
        assertThat(ApiPath.of("/containers/json").flag("all", true).flag("size", false).param("filters", "{\"a\":[\"b c\"]}").toString())
                .isEqualTo("/containers/json?all=1&filters=%7B%22a%22%3A%5B%22b+c%22%5D%7D");
    }

    @Test
    void daemonAddressComesFromFlagThenEnvironmentThenDefault() {
        assertThat(DaemonAddress.resolve(java.util.Optional.of("unix:///tmp/a.sock"), java.util.Map.of("BERTH_HOST", "unix:///tmp/b.sock")).uri())
                .isEqualTo("unix:///tmp/a.sock");
        assertThat(DaemonAddress.resolve(java.util.Optional.empty(), java.util.Map.of("BERTH_HOST", "unix:///tmp/b.sock")).uri())
                .isEqualTo("unix:///tmp/b.sock");
        assertThat(DaemonAddress.resolve(java.util.Optional.empty(), java.util.Map.of("DOCKER_HOST", "unix:///tmp/c.sock")))
                .isEqualTo(DaemonAddress.DEFAULT);
        assertThatThrownBy(() -> DaemonAddress.parse("tcp://1.2.3.4:2375")).isInstanceOf(BerthException.class)
                .hasMessageContaining("unix:///path/to/berth.sock");
    }

}
