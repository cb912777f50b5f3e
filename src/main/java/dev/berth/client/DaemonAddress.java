package dev.berth.client;

import dev.berth.common.BerthException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where berthd listens: a unix socket, written {@code unix:///run/berth/berth.sock} as Docker writes hosts. */
public record DaemonAddress(Path socket) {
    public static final DaemonAddress DEFAULT = new DaemonAddress(Path.of("/run/berth/berth.sock"));
    private static final String SCHEME = "unix://";

    public DaemonAddress {
        if (!socket.isAbsolute()) {
            throw BerthException.invalid("daemon socket path must be absolute: '" + socket + "' (example: unix:///run/berth/berth.sock)");
        }
    }

    /** Parses {@code unix:///path} (or a bare absolute path); TCP hosts are refused because berthd serves TCP only with TLS. */
    public static DaemonAddress parse(String host) {
        String path = host.startsWith(SCHEME) ? host.substring(SCHEME.length()) : host;
        if (path.contains("://") || !path.startsWith("/")) {
            throw BerthException.invalid("unsupported daemon host '" + host + "': use unix:///path/to/berth.sock");
        }
        return new DaemonAddress(Path.of(path));
    }

    /** The {@code -H} flag wins, then {@code BERTH_HOST}, then the default socket. */
    public static DaemonAddress resolve(Optional<String> hostFlag, Map<String, String> environment) {
        return hostFlag.or(() -> Optional.ofNullable(environment.get("BERTH_HOST")))
                .filter(h -> !h.isBlank())
                .map(DaemonAddress::parse)
                .orElse(DEFAULT);
    }

    public String uri() {
        return SCHEME + socket;
    }
}
