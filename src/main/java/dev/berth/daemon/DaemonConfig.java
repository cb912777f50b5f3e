package dev.berth.daemon;

import dev.berth.common.BerthException;
import java.nio.file.Path;

/**
 * Where berthd keeps things and how it is reached.
 *
 * @param dataRoot persistent state: metadata database, blobs, layers, volumes, logs
 * @param execRoot runtime state that dies with the machine: bundles, sockets
 * @param socket   the API's unix socket
 * @param runtime  the OCI runtime binary name: runc or crun
 */
public record DaemonConfig(Path dataRoot, Path execRoot, Path socket, String runtime) {
    public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";

    /** Parses {@code --host unix:///path}; TCP needs TLS client certificates, which are not offered yet. */
    public static Path socketOf(String host) {
        if (!host.startsWith("unix://") || host.length() <= "unix://".length()) {
            throw BerthException.invalid("unsupported --host '" + host + "': use unix:///path/to/berth.sock");
        }
        return Path.of(host.substring("unix://".length()));
    }
}
