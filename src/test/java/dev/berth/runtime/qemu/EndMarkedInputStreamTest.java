package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EndMarkedInputStreamTest {
    private static final byte[] MARKER = "berth:exec:end:0123".getBytes(StandardCharsets.US_ASCII);

    @Test
    void endsAtTheMarkerAndDropsWhatFollows() throws IOException {
        EndMarkedInputStream in = marked(source("hello\nberth:exec:end:0123next exec's bytes", 1 << 16));
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(in.sawMarker()).isTrue();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void findsAMarkerSplitAcrossReadsOfOneByte() throws IOException {
        EndMarkedInputStream in = marked(source("abcberth:exec:end:0123", 1));
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(in.sawMarker()).isTrue();
    }

    @Test
    void passesOnWhatOnlyLooksLikeTheStartOfTheMarker() throws IOException {
        String text = "berth:exec:end:01 is not it, nor berth:exec:end:0124, b, be";
        EndMarkedInputStream in = marked(source(text + "berth:exec:end:0123", 7));
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void aPromptWithoutNewlineIsPassedOnAtOnceButAPossibleMarkerStartIsHeldBack() throws IOException {
        EndMarkedInputStream prompt = marked(new TrickleSource("/ # "));
        byte[] buffer = new byte[100];
        assertThat(prompt.read(buffer, 0, buffer.length)).as("nothing held back").isEqualTo(4);

        EndMarkedInputStream held = marked(new TrickleSource("ok ber"));
        assertThat(held.read(buffer, 0, buffer.length)).as("\"ber\" may start the marker").isEqualTo(3);
    }

    @Test
    void theSourcesEndEndsItWithoutTheMarker() throws IOException {
        EndMarkedInputStream in = marked(source("partial output berth:exec:e", 5));
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("partial output berth:exec:e");
        assertThat(in.sawMarker()).isFalse();
    }

    @Test
    void carriesBinaryOutputOfAnySizeUnchanged() throws IOException {
        byte[] data = new byte[300_000];
        new Random(42).nextBytes(data);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(data);
        stream.writeBytes(MARKER);
        EndMarkedInputStream in = marked(new ChunkedSource(stream.toByteArray(), 4093));
        assertThat(in.readAllBytes()).isEqualTo(data);
    }

    @Test
    void drainDropsTheRestAndSaysWhetherTheMarkerCame() throws IOException {
        EndMarkedInputStream in = marked(source("x".repeat(100_000) + "berth:exec:end:0123", 1000));
        assertThat(in.read()).isEqualTo('x');
        assertThat(in.drain()).isTrue();
        assertThat(marked(source("no marker", 3)).drain()).isFalse();
    }

    private static EndMarkedInputStream marked(InputStream source) {
        return new EndMarkedInputStream(source, MARKER);
    }

    private static InputStream source(String text, int chunk) {
        return new ChunkedSource(text.getBytes(StandardCharsets.UTF_8), chunk);
    }

    /** Gives at most {@code chunk} bytes a read, as a socket does. */
    private static class ChunkedSource extends ByteArrayInputStream {
        private final int chunk;

        ChunkedSource(byte[] bytes, int chunk) {
            super(bytes);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }
    }

    /** Gives {@code text} to the first read; a second read fails the test, as nothing more has arrived yet. */
    private static final class TrickleSource extends InputStream {
        private byte[] text;

        TrickleSource(String text) {
            this.text = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (text == null) {
                throw new AssertionError("read again: the bytes already there were held back");
            }
            System.arraycopy(text, 0, b, off, text.length);
            int n = text.length;
            text = null;
            return n;
        }
    }
}
