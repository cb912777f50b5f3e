package dev.berth.network.bridge;

import dev.berth.common.HostCommand;
import dev.berth.network.BalancedPort;
import dev.berth.network.Network;
import dev.berth.network.VirtualAddress;
import java.time.Duration;
import java.util.List;

/**
 * Berth's nftables table: masquerade for outbound traffic, isolation between networks, no way out of internal
 * networks, and published ports as DNAT through maps. Each change is one {@code nft -f} transaction, so the
 * rules are never seen half-applied. Ports live in maps keyed by (address, port) or by port alone for "every
 * address": publishing is adding an element, not a rule.
 *
 * <p>Virtual addresses are the host's own, and Linux delivers traffic for any of its addresses whichever interface
 * it came in on: a container on another network would reach one through its own gateway. The input chain drops
 * that, as the forward chain drops traffic between networks.
 *
 * <p>Ports reached from the host itself go through the output hook and stay in the kernel: no userland proxy
 * copies the bytes.
 */
final class Firewall {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final String table;

    Firewall(String table) {
        this.table = table;
    }

    /** Replaces the whole table with one made from {@code bridges}, {@code virtuals} and {@code ports}. */
    void reset(List<Network> bridges, List<VirtualAddress> virtuals, List<NetworkTable.PortRow> ports) {
        StringBuilder s = new StringBuilder();
        s.append("table inet ").append(table).append(" {}\n");
        s.append("delete table inet ").append(table).append('\n');
        s.append("table inet ").append(table).append(" {\n");
        for (String proto : List.of("tcp", "udp")) {
            s.append("  map ").append(proto).append("_any { type inet_service : ipv4_addr . inet_service; }\n");
            s.append("  map ").append(proto).append("_addr { type ipv4_addr . inet_service : ipv4_addr . inet_service; }\n");
        }
        s.append("  chain services { }\n");
        for (String hook : List.of("prerouting", "output")) {
            s.append("  chain ").append(hook).append(" {\n    type nat hook ").append(hook)
                    .append(hook.equals("output") ? " priority -100; policy accept;\n" : " priority dstnat; policy accept;\n");
            s.append("    jump services\n");
            for (String proto : List.of("tcp", "udp")) {
                s.append("    fib daddr type local dnat ip to ").append(proto).append(" dport map @").append(proto).append("_any\n");
                s.append("    dnat ip to ip daddr . ").append(proto).append(" dport map @").append(proto).append("_addr\n");
            }
            s.append("  }\n");
        }
        s.append("  chain postrouting { type nat hook postrouting priority srcnat; policy accept; }\n");
        s.append("  chain forward { type filter hook forward priority filter; policy accept; }\n");
        s.append("  chain input { type filter hook input priority filter; policy accept; }\n");
        s.append("}\n");
        s.append(networkRules(bridges, virtuals));
        ports.forEach(p -> s.append(element("add", p)));
        apply(s.toString());
    }

    /** Removes the table and every rule and port in it. */
    void delete() {
        apply("table inet " + table + " {}\ndelete table inet " + table + "\n");
    }

    /** Rewrites the masquerade and isolation rules after a network or virtual address came or went. */
    void networksChanged(List<Network> bridges, List<VirtualAddress> virtuals) {
        apply(networkRules(bridges, virtuals));
    }

    void addPorts(List<NetworkTable.PortRow> ports) {
        if (!ports.isEmpty()) {
            apply(ports.stream().map(p -> element("add", p)).reduce("", String::concat));
        }
    }

    void removePorts(List<NetworkTable.PortRow> ports) {
        if (!ports.isEmpty()) {
            apply(ports.stream().map(p -> element("delete", p)).reduce("", String::concat));
        }
    }

    String networkRules(List<Network> bridges, List<VirtualAddress> virtuals) {
        StringBuilder s = new StringBuilder();
        s.append("flush chain inet ").append(table).append(" postrouting\n");
        s.append("flush chain inet ").append(table).append(" forward\n");
        s.append("flush chain inet ").append(table).append(" input\n");
        for (Network n : bridges) {
            String br = quote(n.bridge());
            String post = "add rule inet " + table + " postrouting ";
            String fwd = "add rule inet " + table + " forward ";
            s.append(post).append("oifname ").append(br).append(" ip saddr 127.0.0.0/8 masquerade\n");
            // Hairpin: a container reaching a published port of its own network through a host address must get
            // the replies back through the host, or the peer answers it directly and the connection never forms.
            s.append(post).append("oifname ").append(br).append(" ip saddr ").append(n.subnet()).append(" ct status dnat masquerade\n");
            if (n.internal()) {
                s.append(fwd).append("iifname ").append(br).append(" oifname != ").append(br).append(" drop\n");
                s.append(fwd).append("oifname ").append(br).append(" iifname != ").append(br).append(" drop\n");
            } else {
                s.append(post).append("ip saddr ").append(n.subnet()).append(" oifname != ").append(br).append(" masquerade\n");
            }
            List<String> others = bridges.stream().filter(o -> !o.id().equals(n.id())).map(o -> quote(o.bridge())).toList();
            if (!others.isEmpty()) {
                s.append(fwd).append("iifname ").append(br).append(" oifname { ").append(String.join(", ", others))
                        .append(" } drop\n");
            }
            // The host itself (loopback) may reach a virtual address too, e.g. to check a service from the shell.
            virtuals.stream().filter(v -> v.networkId().equals(n.id())).forEach(v -> s.append("add rule inet ").append(table)
                    .append(" input ip daddr ").append(v.address()).append(" iifname != ").append(br)
                    .append(" iifname != \"lo\" drop\n"));
        }
        return s.toString();
    }

    /**
     * Rewrites the balanced ports in one transaction: each spreads new TCP connections over its backends with a
     * round-robin counter; a port without backends has no rule, so its connections meet the reserving socket,
     * which does not listen, and are refused.
     */
    void balancedPorts(java.util.Map<BalancedPort, List<java.net.InetSocketAddress>> ports) {
        apply(balancedRules(ports));
    }

    String balancedRules(java.util.Map<BalancedPort, List<java.net.InetSocketAddress>> ports) {
        StringBuilder s = new StringBuilder("flush chain inet ").append(table).append(" services\n");
        ports.forEach((port, backends) -> {
            if (backends.isEmpty()) {
                return;
            }
            s.append("add rule inet ").append(table).append(" services ")
                    .append(port.hostIp().equals("0.0.0.0") ? "" : "ip daddr " + port.hostIp() + " ")
                    .append("tcp dport ").append(port.hostPort())
                    .append(port.hostIp().equals("0.0.0.0") ? " fib daddr type local" : "")
                    .append(" dnat ip to numgen inc mod ").append(backends.size()).append(" map { ");
            for (int i = 0; i < backends.size(); i++) {
                java.net.InetSocketAddress b = backends.get(i);
                s.append(i == 0 ? "" : ", ").append(i).append(" : ").append(b.getAddress().getHostAddress()).append(" . ").append(b.getPort());
            }
            s.append(" }\n");
        });
        return s.toString();
    }

    private String element(String verb, NetworkTable.PortRow p) {
        boolean any = p.hostIp().equals("0.0.0.0");
        String key = any ? String.valueOf(p.hostPort()) : p.hostIp() + " . " + p.hostPort();
        String value = verb.equals("add") ? " : " + p.targetIp() + " . " + p.targetPort() : "";
        return verb + " element inet " + table + " " + p.protocol() + (any ? "_any" : "_addr") + " { " + key + value + " }\n";
    }

    private static String quote(String ifname) {
        return "\"" + ifname + "\"";
    }

    private static void apply(String script) {
        HostCommand.run(List.of("nft", "-f", "-"), script, TIMEOUT).check();
    }
}
