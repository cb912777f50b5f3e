package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuestNetworkTest {
    private static final Path NETNS = Path.of("/run/netns/berth-abababababab");
    /** Trimmed {@code ip -j addr show} of a sandbox, with an IPv6 link-local address before the IPv4 one. */
    private static final String ADDR = """
            [{"ifindex":1,"ifname":"lo","address":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8}]},
             {"ifindex":2,"ifname":"eth0","address":"02:42:0a:58:00:02","addr_info":[
              {"family":"inet6","local":"fe80::42:aff:fe58:2","prefixlen":64},
              {"family":"inet","local":"10.88.0.2","prefixlen":16}]}]""";
    private static final String ROUTE = """
            [{"dst":"default","gateway":"10.88.0.1","dev":"eth0","flags":[]}]""";
    private static final GuestNetwork NETWORK = new GuestNetwork(NETNS, "02:42:0a:58:00:02", "10.88.0.2/16", Optional.of("10.88.0.1"));

    @Test
    void readsMacAddressAndGatewayOfTheSandboxesEth0() {
        assertThat(GuestNetwork.parse(NETNS, ADDR, ROUTE)).isEqualTo(NETWORK);
    }

    @Test
    void anInternalNetworkHasNoGateway() {
        GuestNetwork network = GuestNetwork.parse(NETNS, ADDR, "[]");
        assertThat(network.gateway()).isEmpty();
        assertThat(network.guestCall()).isEqualTo("network '10.88.0.2/16'\n");
    }

    @Test
    void aSandboxWithoutAnIpv4AddressIsRefused() {
        assertThatThrownBy(() -> GuestNetwork.parse(NETNS, "[{\"ifname\":\"eth0\",\"address\":\"02:42:0a:58:00:02\",\"addr_info\":[]}]", "[]"))
                .hasMessageContaining("has no eth0 with an IPv4 address");
    }

    @Test
    void aSecondNetworkIsRefused() {
        String two = ADDR.substring(0, ADDR.length() - 1) + ",{\"ifname\":\"eth1\",\"address\":\"02:42:0a:59:00:02\",\"addr_info\":[]}]";
        assertThatThrownBy(() -> GuestNetwork.parse(NETNS, two, ROUTE)).hasMessageContaining("VMs can join one network yet")
                .hasMessageContaining("eth1");
    }

    @Test
    void splicesATapIntoEth0sPlaceWithRedirectsBothWays() {
        assertThat(NETWORK.ipBatch()).containsExactly("tuntap add dev tap0 mode tap", "link set tap0 up", "addr flush dev eth0");
        assertThat(NETWORK.tcBatch()).containsExactly(
                "qdisc add dev eth0 ingress",
                "filter add dev eth0 parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev tap0",
                "qdisc add dev tap0 ingress",
                "filter add dev tap0 parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev eth0");
    }

    @Test
    void qemuRunsInTheSandboxWithAVirtioMmioNicCarryingEth0sMac() {
        assertThat(NETWORK.enter()).containsExactly("nsenter", "--net=" + NETNS);
        assertThat(NETWORK.qemuArgs()).containsExactly("-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                "-device", "virtio-net-device,netdev=n0,mac=02:42:0a:58:00:02");
    }

    @Test
    void theGuestIsToldItsAddressAndGateway() {
        assertThat(NETWORK.guestCall()).isEqualTo("network '10.88.0.2/16' '10.88.0.1'\n");
    }

    /** A guest resumed from another VM's snapshot has that VM's MAC, address and route until it is told its own. */
    @Test
    void aResumedGuestIsRenumberedMacFirst() {
        assertThat(NETWORK.guestRenumber()).isEqualTo("""
                ip link set dev eth0 address '02:42:0a:58:00:02' || exit 1
                ip addr flush dev eth0 && ip addr add '10.88.0.2/16' dev eth0 && ip link set eth0 up || exit 1
                ip route replace default via '10.88.0.1' dev eth0 || exit 1
                """);
        assertThat(GuestNetwork.parse(NETNS, ADDR, "[]").guestRenumber()).doesNotContain("route");
    }

    @Test
    void survivesTheRoundTripThroughTheVmDirectory() {
        assertThat(GuestNetwork.fromFile(NETWORK.toFile())).isEqualTo(NETWORK);
        GuestNetwork internal = new GuestNetwork(NETNS, NETWORK.mac(), NETWORK.address(), Optional.empty());
        assertThat(GuestNetwork.fromFile(internal.toFile())).isEqualTo(internal);
    }
}
