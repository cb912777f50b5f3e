package dev.berth.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.DetachKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What an attached client types reaches the container's stdin, and how the session ends. */
class StdinForwardingTest {
    private static final String ID = "ab".repeat(32);

    /** A stream that remembers whether it was closed. */
    private static final class Recording extends ByteArrayOutputStream {
        volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aBrokenClientConnectionEndsTheContainersStdinAsTheEndOfInputDoes() throws Exception {
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream("typed".getBytes(StandardCharsets.UTF_8)), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset by peer");
            }
        });
        Recording stdin = new Recording();
        Recording session = new Recording();
        ContainerRoutes.forwardStdin(ID, stdin, broken, DetachKeys.parse("").scanner(), session).join(5_000);
        assertThat(stdin.toString(StandardCharsets.UTF_8)).isEqualTo("typed");
        assertThat(stdin.closed).as("a StdinOnce container's stdin must not stay open").isTrue();
        assertThat(session.closed).isFalse();
    }

    @Test
    void detachingLeavesTheContainersStdinOpenAndEndsTheSession() throws Exception {
        Recording stdin = new Recording();
        Recording session = new Recording();
        ContainerRoutes.forwardStdin(ID, stdin, new ByteArrayInputStream(new byte[] {'a', 0x10, 0x11, 'b'}),
                DetachKeys.parse("").scanner(), session).join(5_000);
        assertThat(stdin.closed).isFalse();
        assertThat(session.closed).isTrue();
    }
}
