package dev.berth.network.bridge;

import dev.berth.common.Database;
import dev.berth.network.Subnet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

/**
 * Real bridge networking for tests that run containers without a daemon: a bridge, subnet and nftables table of
 * the test's own, and resolvers on 127.0.0.1 only. Closing it with no container left removes all of them.
 */
public final class TestBridges {
    private TestBridges() {}

    public static BridgeNetworks open(Database db, Path dir) {
        return open(db, config(dir));
    }

    /** Names and ranges of the test's own, with a resolv.conf in {@code dir}; the same config reopens the same networks. */
    public static BridgeConfig config(Path dir) {
        int n = new Random().nextInt(64) * 4;
        String bridge = "btb" + Integer.toHexString(0x10000 + new Random().nextInt(0xeffff));
        try {
            Path resolv = Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
            return new BridgeConfig(bridge, Subnet.parse("10.253." + n + ".0/24"), Subnet.parse("10.254." + n + ".0/22"), resolv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the networks as a daemon start does: open, then recover with no container running. */
    public static BridgeNetworks open(Database db, BridgeConfig config) {
        BridgeNetworks networks = BridgeNetworks.open(db, config);
        networks.recover(Set.of());
        return networks;
    }
}
