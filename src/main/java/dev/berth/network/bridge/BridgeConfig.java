package dev.berth.network.bridge;

import dev.berth.network.Subnet;
import java.nio.file.Path;

/**
 * Host-wide names and ranges of one berthd. Two daemons on one host (a test beside the system's) differ in
 * all of them, so neither touches the other's bridge, rules or addresses.
 *
 * @param defaultBridge the default network's bridge interface, also the name of berthd's nftables table
 * @param defaultSubnet the default network's subnet; its first address is the bridge's
 * @param pool          where user-defined networks get their /24 subnets from when none is given
 * @param resolvConf    the host's resolver configuration, forwarded to for names Berth does not know
 */
public record BridgeConfig(String defaultBridge, Subnet defaultSubnet, Subnet pool, Path resolvConf) {
}
