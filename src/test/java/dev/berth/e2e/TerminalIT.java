package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code berth run -it} and {@code exec -it} under a real pseudo-terminal (util-linux {@code script} makes one):
 * when the terminal window changes size, the CLI hears SIGWINCH and the container's terminal follows, as with docker.
 */
class TerminalIT extends DaemonIT {

    @Test
    void resizingTheLocalTerminalResizesTheContainers() throws Exception {
        resizeUnderATerminal(41, 103, "run", "-it", "--rm", "busybox", "sh", "-c", "echo ready; read x; stty size");
    }

    @Test
    void execGetsATerminalWithTheExitCodeAndFollowsResizes() throws Exception {
        String id = berthd.berth("run", "-d", "busybox", "sleep", "300").out().strip();
        BerthdProcess.Result tty = berthd.berth("exec", "-t", id, "sh", "-c", "tty; echo to-stderr >&2; exit 3");
        assertThat(tty.exit()).isEqualTo(3);
        assertThat(tty.out()).contains("/dev/pts/").contains("to-stderr");
        BerthdProcess.Result typed = berthd.berthWithInput("hello\n".getBytes(StandardCharsets.US_ASCII),
                "exec", "-i", "-t", id, "sh", "-c", "read x; echo got-$x");
        assertThat(typed.out()).contains("got-hello");
        resizeUnderATerminal(42, 104, "exec", "-it", id, "sh", "-c", "echo ready; read x; stty size");
        assertThat(berthd.berth("rm", "-f", id).exit()).isZero();
    }

    /** Runs berth ARGS under a pseudo-terminal, resizes that terminal, presses Enter, expects "ROWS COLS" back. */
    private static void resizeUnderATerminal(int rows, int columns, String... args) throws Exception {
        String cli = berthd.berthCommand(args).stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Path out = Files.createTempFile(base, "terminal", ".out");
        Process script = new ProcessBuilder("script", "-qfec", cli, "/dev/null").redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        try (OutputStream keys = script.getOutputStream()) {
            await(() -> Files.readString(out).contains("ready"), "the container to start");
            // the CLI is the JVM under script's shell (its command line is too long for /proc to show whole)
            ProcessHandle berth = script.toHandle().descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                    .findFirst().orElseThrow();
            Path tty = Files.readSymbolicLink(Path.of("/proc", String.valueOf(berth.pid()), "fd", "0"));
            Process stty = new ProcessBuilder("stty", "-F", tty.toString(), "rows", String.valueOf(rows), "cols",
                    String.valueOf(columns)).inheritIO().start();
            assertThat(stty.waitFor()).isZero();
            BerthdProcess.pause(Duration.ofMillis(500)); // SIGWINCH → the CLI → POST /resize → the container's pty
            keys.write("\r".getBytes(StandardCharsets.US_ASCII));
            keys.flush();
            await(() -> Files.readString(out).contains(rows + " " + columns), "the process to see the new size");
        } finally {
            if (!script.waitFor(30, TimeUnit.SECONDS)) {
                script.descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
        }
        assertThat(script.exitValue()).as(Files.readString(out)).isZero();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!check.holds()) {
            assertThat(Instant.now()).as("waited 30 s for " + what).isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(100));
        }
    }
}
