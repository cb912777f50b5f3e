package dev.berth.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * GET /hostname from a busybox {@code httpd -h /etc}: the answer names the container or VM that served it, which is
 * how the networking tests tell who they reached.
 */
final class HostnameProbe {
    /** The probe from inside a container or VM, followed by "HOST PORT" (busybox wget segfaults in these images). */
    static final String GET_HOSTNAME = "printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 5 ";

    private HostnameProbe() {
    }

    /** One request to 127.0.0.1:port. */
    static String get(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /hostname HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Retried until something answers: a VM says it is ready before its server listens, and TCG is slow. */
    static String await(int port, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                String answer = get(port);
                if (!answer.isEmpty() || Instant.now().isAfter(deadline)) {
                    return answer;
                }
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            BerthdProcess.pause(Duration.ofMillis(300));
        }
    }
}
