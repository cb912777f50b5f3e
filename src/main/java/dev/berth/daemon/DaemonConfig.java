package dev.berth.daemon;

import dev.berth.common.BerthException;
import dev.berth.network.Subnet;
import dev.berth.network.bridge.BridgeConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where berthd keeps things and how it is reached.
 *
 * @param dataRoot persistent state: metadata database, blobs, layers, volumes, logs
 * @param execRoot runtime state that dies with the machine: bundles, sockets
 * @param socket   the API's unix socket
 * @param runtime  the OCI runtime binary name: runc or crun
 * @param network  the default bridge and the address ranges of networks
 * @param vmKernel {@code --vm-kernel}: the kernel VMs boot, when not the one found on the host
 */
public record DaemonConfig(Path dataRoot, Path execRoot, Path socket, String runtime, BridgeConfig network,
                           Optional<Path> vmKernel) {
    public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";

    /** Parses {@code --host unix:///path}; TCP needs TLS client certificates, which are not offered yet. */
    public static Path socketOf(String host) {
        if (!host.startsWith("unix://") || host.length() <= "unix://".length()) {
            throw BerthException.invalid("unsupported --host '" + host + "': use unix:///path/to/berth.sock");
        }
        return Path.of(host.substring("unix://".length()));
    }

    /** Checks {@code --bridge}, {@code --bip}, {@code --default-address-pool}; {@code resolvConf} is the host's resolvers. */
    public static BridgeConfig network(String bridge, String bip, String pool, Path resolvConf) {
        if (!bridge.matches("[a-zA-Z][a-zA-Z0-9_-]{0,14}")) {
            throw BerthException.invalid("invalid --bridge '" + bridge + "': an interface name of at most 15 letters, digits, _ and -");
        }
        Subnet defaultSubnet = Subnet.parse(bip);
        Subnet addressPool = Subnet.parse(pool);
        if (addressPool.prefixLength() > 24) {
            throw BerthException.invalid("invalid --default-address-pool " + pool + ": it must hold at least one /24");
        }
        if (defaultSubnet.overlaps(addressPool)) {
            throw BerthException.invalid("--bip " + bip + " overlaps --default-address-pool " + pool);
        }
        return new BridgeConfig(bridge, defaultSubnet, addressPool, resolvConf.toAbsolutePath());
    }
}
