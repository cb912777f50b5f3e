package dev.berth.cli;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The user's own terminal during {@code run -it}: put in raw mode (keys go to the container unprocessed, as
 * docker does) and restored on close. Uses {@code stty} on /dev/tty, since the JDK cannot change terminal modes.
 */
final class LocalTerminal implements AutoCloseable {
    private final String saved;

    private LocalTerminal(String saved) {
        this.saved = saved;
    }

    /** Raw mode when a pseudo-terminal was asked for and stdin really is a terminal; else nothing. */
    static Optional<LocalTerminal> rawIfInteractive(boolean tty, boolean stdin) {
        if (!tty || !stdin || System.console() == null || !System.console().isTerminal()) {
            return Optional.empty();
        }
        try {
            String saved = stty("-g");
            stty("raw", "-echo");
            return Optional.of(new LocalTerminal(saved));
        } catch (IOException e) {
            return Optional.empty(); // no usable terminal after all: run line-buffered
        }
    }

    /** Rows and columns, as {@code stty size} reports them. */
    Optional<int[]> size() {
        try {
            String[] parts = stty("size").split("\\s+");
            return Optional.of(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends the window size to {@code resizeTemplate} for {@code id} ({@code /containers/%s/resize} or
     * {@code /exec/%s/resize}) now and
     * whenever it changes (SIGWINCH), as docker does; the JDK has no public API for that signal, so this uses the
     * supported jdk.unsupported one. A failed resize is dropped: the process may have just ended.
     */
    void follow(dev.berth.client.BerthClient client, String resizeTemplate, String id) {
        java.util.function.Consumer<int[]> send = size -> {
            try {
                client.post(dev.berth.client.ApiPath.of(resizeTemplate, id).param("h", String.valueOf(size[0]))
                        .param("w", String.valueOf(size[1])));
            } catch (dev.berth.common.BerthException e) {
                // ended between the signal and the request, or a 0x0 terminal
            }
        };
        size().ifPresent(send);
        sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> Thread.ofVirtual().start(() -> size().ifPresent(send)));
    }

    @Override
    public void close() {
        try {
            stty(saved);
        } catch (IOException e) {
            System.err.println("berth: could not restore the terminal (run: stty sane): " + e.getMessage());
        }
    }

    private static String stty(String... args) throws IOException {
        Process p = new ProcessBuilder(java.util.stream.Stream.concat(java.util.stream.Stream.of("stty"), List.of(args).stream()).toList())
                .redirectInput(new File("/dev/tty"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the terminal", e);
        }
        return out;
    }
}
