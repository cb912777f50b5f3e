package dev.berth.cli;

import dev.berth.client.BerthClient;
import dev.berth.client.DaemonAddress;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What every command shares: the standard streams, the environment and one lazily opened client, so that
 * {@code --help} or a usage error never touches the socket.
 */
final class CliContext implements AutoCloseable {
    private final Map<String, String> environment;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private Optional<String> hostFlag = Optional.empty();
    private Optional<BerthClient> client = Optional.empty();

    CliContext(Map<String, String> environment, InputStream in, PrintStream out, PrintStream err) {
        this.environment = Map.copyOf(environment);
        this.in = in;
        this.out = out;
        this.err = err;
    }

    void host(String host) {
        this.hostFlag = Optional.of(host);
    }

    BerthClient client() {
        if (client.isEmpty()) {
            client = Optional.of(new BerthClient(DaemonAddress.resolve(hostFlag, environment)));
        }
        return client.get();
    }

    Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name));
    }

    InputStream in() {
        return in;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Whether file descriptor 0/1 is a terminal, read from /proc as isatty(3) would answer. */
    boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        out.flush();
        err.flush();
        client.ifPresent(BerthClient::close);
    }
}
