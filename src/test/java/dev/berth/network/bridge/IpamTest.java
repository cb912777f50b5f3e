package dev.berth.network.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.network.Endpoint;
import dev.berth.network.Ipv4;
import dev.berth.network.Network;
import dev.berth.network.Subnet;
import dev.berth.network.VirtualAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpamTest {
    private static final Network NET = new Network("n1", "net", "bridge", Subnet.parse("10.1.2.0/29"), Ipv4.parse("10.1.2.1"),
            false, "bn-x", true, Map.of(), Map.of(), Instant.EPOCH);

    @Test
    void handsOutAddressesInTurnSkippingGatewayAndUsedOnesThenRunsOut() {
        Ipam ipam = new Ipam();
        Set<Ipv4> used = new HashSet<>();
        for (String want : new String[] {"10.1.2.2", "10.1.2.3", "10.1.2.4", "10.1.2.5", "10.1.2.6"}) {
            Ipv4 got = ipam.allocate(NET, Optional.empty(), used);
            assertThat(got).hasToString(want);
            used.add(got);
        }
        assertThatThrownBy(() -> ipam.allocate(NET, Optional.empty(), used)).hasMessageContaining("no free address left");
        used.remove(Ipv4.parse("10.1.2.3"));
        assertThat(ipam.allocate(NET, Optional.empty(), used)).hasToString("10.1.2.3");
    }

    @Test
    void doesNotReuseAJustReleasedAddressFirst() {
        Ipam ipam = new Ipam();
        Ipv4 first = ipam.allocate(NET, Optional.empty(), Set.of());
        assertThat(ipam.allocate(NET, Optional.empty(), Set.of())).isNotEqualTo(first);
    }

    @Test
    void checksRequestedAddresses() {
        Ipam ipam = new Ipam();
        assertThat(ipam.allocate(NET, Optional.of(Ipv4.parse("10.1.2.5")), Set.of())).hasToString("10.1.2.5");
        assertThatThrownBy(() -> ipam.allocate(NET, Optional.of(Ipv4.parse("10.1.2.5")), Set.of(Ipv4.parse("10.1.2.5"))))
                .hasMessageContaining("Address already in use");
        assertThatThrownBy(() -> ipam.allocate(NET, Optional.of(Ipv4.parse("10.1.2.1")), Set.of())).hasMessageContaining("not a free host");
        assertThatThrownBy(() -> ipam.allocate(NET, Optional.of(Ipv4.parse("10.1.2.7")), Set.of())).hasMessageContaining("not a free host");
        assertThatThrownBy(() -> ipam.allocate(NET, Optional.of(Ipv4.parse("10.9.9.9")), Set.of())).hasMessageContaining("not a free host");
    }

    @Test
    void endpointsAndVirtualAddressesShareTheAddressesOfANetwork() {
        Ipv4 container = Ipv4.parse("10.1.2.2");
        Endpoint ep = new Endpoint("e1", "n1", "net", "c1", container, 29, NET.gateway(), BridgeNetworks.mac(container), "bv1",
                "eth0", List.of(), NET.gateway(), List.of());
        VirtualAddress vip = new VirtualAddress("n1", "net", "stack_web", Ipv4.parse("10.1.2.3"), List.of("web"));
        VirtualAddress elsewhere = new VirtualAddress("n2", "other", "stack_web", Ipv4.parse("10.1.2.4"), List.of("web"));
        Set<Ipv4> leased = Ipam.leased("n1", List.of(ep), List.of(vip, elsewhere));
        assertThat(leased).containsExactlyInAnyOrder(container, vip.address());

        assertThat(new Ipam().allocate(NET, Optional.empty(), leased)).hasToString("10.1.2.4");
        assertThatThrownBy(() -> new Ipam().allocate(NET, Optional.of(vip.address()), leased))
                .hasMessageContaining("Address already in use: 10.1.2.3");
    }

    @Test
    void virtualAddressesAreValidated() {
        assertThatThrownBy(() -> new VirtualAddress("n1", "net", " ", Ipv4.parse("10.1.2.3"), List.of()))
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> new VirtualAddress("n1", "net", "o", Ipv4.parse("10.1.2.3"), List.of("")))
                .hasMessageContaining("blank DNS name");
    }

    @Test
    void subnetsNormaliseAndOverlap() {
        Subnet s = Subnet.parse("10.1.2.77/24");
        assertThat(s).hasToString("10.1.2.0/24");
        assertThat(s.overlaps(Subnet.parse("10.1.0.0/16"))).isTrue();
        assertThat(s.overlaps(Subnet.parse("10.1.3.0/24"))).isFalse();
        assertThat(s.broadcast()).hasToString("10.1.2.255");
        assertThatThrownBy(() -> Subnet.parse("10.1.2.0")).hasMessageContaining("CIDR");
        assertThatThrownBy(() -> Subnet.parse("10.1.2.0/31")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> Ipv4.parse("10.1.2.256")).hasMessageContaining("invalid IPv4 address");
        assertThat(BridgeNetworks.mac(Ipv4.parse("10.77.0.2"))).isEqualTo("02:42:0a:4d:00:02");
    }
}
