package dev.berth.network.bridge;

import dev.berth.common.BerthException;
import dev.berth.common.HostCommand;
import dev.berth.network.Ipv4;
import dev.berth.network.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bridges, network namespaces and veth pairs, through iproute2. Each operation is one {@code ip -batch}
 * process (a couple of milliseconds), inside the namespace with {@code -n} where needed; iproute2 is what
 * every distribution ships and debugs with, and {@code ip netns} names are visible to {@code ip netns list}.
 */
final class Links {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path SYS_NET = Path.of("/sys/class/net");

    /** Creates the bridge with its gateway address, or brings an existing one to that state. */
    void ensureBridge(String name, Ipv4 gateway, Subnet subnet) {
        List<String> batch = new ArrayList<>();
        if (!exists(name)) {
            batch.add("link add " + name + " type bridge");
        }
        batch.add("addr replace " + gateway + "/" + subnet.prefixLength() + " dev " + name);
        batch.add("link set " + name + " up");
        ip(List.of(), batch);
        // Published ports reached on 127.0.0.1 are DNATed to the bridge; the kernel routes a loopback source
        // there only with route_localnet, which is set on this bridge alone.
        writeSysctl(Path.of("/proc/sys/net/ipv4/conf", name, "route_localnet"), "1");
    }

    /**
     * Puts a host address on a bridge as a /32: the host answers ARP for it there and delivers its traffic
     * locally, while routes and the source address of the host's own connections stay the gateway's.
     */
    void addHostAddress(String bridge, Ipv4 address) {
        ip(List.of(), List.of("addr replace " + address + "/32 dev " + bridge));
    }

    /** Takes a host address off a bridge; nothing to do when the bridge or the address is gone already. */
    void deleteHostAddress(String bridge, Ipv4 address) {
        if (exists(bridge)) {
            HostCommand.Result r = HostCommand.run(List.of("ip", "addr", "del", address + "/32", "dev", bridge), TIMEOUT);
            if (!r.ok() && hasAddress(bridge, address)) {
                r.check();
            }
        }
    }

    private static boolean hasAddress(String link, Ipv4 address) {
        return HostCommand.run(List.of("ip", "-4", "-o", "addr", "show", "dev", link), TIMEOUT).check().stdout()
                .contains(" " + address + "/32 ");
    }

    void deleteLink(String name) {
        if (exists(name)) {
            HostCommand.Result r = HostCommand.run(List.of("ip", "link", "del", name), TIMEOUT);
            if (!r.ok() && exists(name)) {
                r.check();
            }
        }
    }

    /** A new named network namespace with its loopback up. */
    void addNamespace(String netns) {
        HostCommand.run(List.of("ip", "netns", "add", netns), TIMEOUT).check();
        ip(List.of("-n", netns), List.of("link set lo up"));
    }

    void deleteNamespace(String netns) {
        if (Files.exists(namespacePath(netns))) {
            HostCommand.Result r = HostCommand.run(List.of("ip", "netns", "del", netns), TIMEOUT);
            if (!r.ok() && Files.exists(namespacePath(netns))) {
                r.check();
            }
        }
    }

    static Path namespacePath(String netns) {
        return Path.of("/run/netns", netns);
    }

    /**
     * A veth pair: {@code hostSide} enslaved to {@code bridge}, its peer created straight inside the namespace
     * as {@code ifname} with its MAC, address and, for the first network, the default route.
     */
    void addVeth(String netns, String hostSide, String bridge, String ifname, String mac, Ipv4 address, int prefixLength,
                 Optional<Ipv4> defaultRoute) {
        ip(List.of(), List.of(
                "link add " + hostSide + " type veth peer name " + ifname + " address " + mac + " netns " + netns,
                "link set " + hostSide + " master " + bridge + " up",
                // lets a container reach itself through its own published port (the hairpin case)
                "link set " + hostSide + " type bridge_slave hairpin on"));
        List<String> inside = new ArrayList<>(List.of(
                "addr add " + address + "/" + prefixLength + " dev " + ifname,
                "link set " + ifname + " up"));
        defaultRoute.ifPresent(gw -> inside.add("route add default via " + gw + " dev " + ifname));
        try {
            ip(List.of("-n", netns), inside);
        } catch (BerthException e) {
            deleteLink(hostSide);
            throw e;
        }
    }

    /** The IPv4 destinations the host routes already, so a new network's subnet can avoid them. */
    List<Subnet> hostRoutes() {
        List<Subnet> out = new ArrayList<>();
        for (String line : HostCommand.run(List.of("ip", "-4", "route", "show", "table", "all"), TIMEOUT).check().stdout().split("\n")) {
            String dest = line.strip().split("\\s+")[0];
            if (dest.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+")) {
                int prefix = Integer.parseInt(dest.substring(dest.indexOf('/') + 1));
                if (prefix >= 8 && prefix <= 30) {
                    out.add(Subnet.parse(dest));
                }
            } else if (dest.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                out.add(new Subnet(Ipv4.parse(dest), 30));
            }
        }
        return out;
    }

    static boolean exists(String link) {
        return Files.exists(SYS_NET.resolve(link));
    }

    static void writeSysctl(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw BerthException.internal("cannot set " + file + " to " + value + ": " + e.getMessage(), e);
        }
    }

    private static void ip(List<String> options, List<String> commands) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(options);
        argv.addAll(List.of("-batch", "-"));
        HostCommand.run(argv, String.join("\n", commands) + "\n", TIMEOUT).check();
    }
}
