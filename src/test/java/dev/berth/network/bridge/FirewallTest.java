package dev.berth.network.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.Ipv4;
import dev.berth.network.Network;
import dev.berth.network.Subnet;
import dev.berth.network.VirtualAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirewallTest {
    private static Network network(String id, String subnet) {
        Subnet s = Subnet.parse(subnet);
        return new Network(id, "net-" + id, "bridge", s, s.firstHost(), false, "bn-" + id, true, Map.of(), Map.of(), Instant.EPOCH);
    }

    @Test
    void aVirtualAddressTakesTrafficFromItsOwnBridgeAndTheHostOnly() {
        String rules = new Firewall("bt1").networkRules(List.of(network("a", "10.1.0.0/24"), network("b", "10.1.1.0/24")),
                List.of(new VirtualAddress("a", "net-a", "stack_web", Ipv4.parse("10.1.0.200"), List.of("web"))));
        assertThat(rules).contains("flush chain inet bt1 input\n")
                .contains("add rule inet bt1 input ip daddr 10.1.0.200 iifname != \"bn-a\" iifname != \"lo\" drop\n")
                .containsOnlyOnce(" input ip daddr ");
    }

    @Test
    void aBalancedPortSpreadsNewConnectionsInTurnAndWithoutBackendsHasNoRule() {
        java.util.Map<dev.berth.network.BalancedPort, List<java.net.InetSocketAddress>> ports = new java.util.LinkedHashMap<>();
        ports.put(new dev.berth.network.BalancedPort("s_web", "0.0.0.0", 8080),
                List.of(new java.net.InetSocketAddress("10.1.0.2", 80), new java.net.InetSocketAddress("10.1.0.3", 80)));
        ports.put(new dev.berth.network.BalancedPort("s_api", "127.0.0.1", 9090), List.of(new java.net.InetSocketAddress("10.1.0.4", 81)));
        ports.put(new dev.berth.network.BalancedPort("s_idle", "0.0.0.0", 7070), List.of());
        assertThat(new Firewall("bt1").balancedRules(ports)).isEqualTo("""
                flush chain inet bt1 services
                add rule inet bt1 services tcp dport 8080 fib daddr type local dnat ip to numgen inc mod 2 map { 0 : 10.1.0.2 . 80, 1 : 10.1.0.3 . 80 }
                add rule inet bt1 services ip daddr 127.0.0.1 tcp dport 9090 dnat ip to numgen inc mod 1 map { 0 : 10.1.0.4 . 81 }
                """);
    }
}
