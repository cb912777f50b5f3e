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
        int n = new Random().nextInt(64) * 4;
        String bridge = "btb" + Integer.toHexString(0x10000 + new Random().nextInt(0xeffff));
        try {
            Path resolv = Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
            BridgeNetworks networks = BridgeNetworks.open(db, new BridgeConfig(bridge, Subnet.parse("10.253." + n + ".0/24"),
                    Subnet.parse("10.254." + n + ".0/22"), resolv));
            networks.recover(Set.of());
            return networks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
