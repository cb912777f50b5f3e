package dev.berth.network.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.Endpoint;
import dev.berth.network.Ipv4;
import dev.berth.network.VirtualAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsNamesTest {
    private final DnsNames names = new DnsNames(List.of());

    private static Endpoint endpoint(String network, String container, String address, String... dnsNames) {
        Ipv4 a = Ipv4.parse(address);
        return new Endpoint(network + container, network, "net-" + network, container, a, 24, Ipv4.parse("10.0.0.1"),
                BridgeNetworks.mac(a), "bv" + container, "eth0", List.of(dnsNames), Ipv4.parse("10.0.0.1"), List.of());
    }

    private static VirtualAddress virtual(String network, String owner, String address, String... dnsNames) {
        return new VirtualAddress(network, "net-" + network, owner, Ipv4.parse(address), List.of(dnsNames));
    }

    private List<String> lookup(String network, String source, String name) {
        return names.lookup(network, Ipv4.parse(source), name).stream().map(Ipv4::toString).toList();
    }

    @Test
    void aVirtualAddressNameHidesEndpointsWithThatNameAndLeavesOtherNamesAlone() {
        names.add(endpoint("a", "client", "10.0.0.2", "client"));
        names.add(endpoint("a", "web1", "10.0.0.3", "web-1", "web"));
        names.add(endpoint("a", "web2", "10.0.0.4", "web-2", "web"));
        assertThat(lookup("a", "10.0.0.2", "web")).containsExactly("10.0.0.3", "10.0.0.4");

        VirtualAddress vip = virtual("a", "stack_web", "10.0.0.200", "web");
        names.add(vip);
        assertThat(lookup("a", "10.0.0.2", "WEB")).containsExactly("10.0.0.200");
        assertThat(lookup("a", "10.0.0.2", "web-1")).containsExactly("10.0.0.3");

        names.remove(vip);
        assertThat(lookup("a", "10.0.0.2", "web")).containsExactly("10.0.0.3", "10.0.0.4");
    }

    @Test
    void aVirtualAddressOnOneNetworkOfTheAskerWinsOverAnEndpointOnAnother() {
        names.add(endpoint("a", "client", "10.0.0.2"));
        names.add(endpoint("b", "client", "10.0.1.2"));
        names.add(endpoint("b", "other", "10.0.1.3", "web"));
        names.add(virtual("a", "stack_web", "10.0.0.200", "web"));
        assertThat(lookup("b", "10.0.1.2", "web")).containsExactly("10.0.0.200");
    }

    @Test
    void containersOfOtherNetworksDoNotSeeIt() {
        names.add(endpoint("a", "client", "10.0.0.2"));
        names.add(endpoint("b", "stranger", "10.0.1.2"));
        names.add(virtual("a", "stack_web", "10.0.0.200", "web"));
        assertThat(lookup("b", "10.0.1.2", "web")).isEmpty();
        assertThat(lookup("a", "10.0.0.2", "web")).containsExactly("10.0.0.200");
    }

    @Test
    void reservingAgainReplacesTheOwnersNames() {
        names.add(endpoint("a", "client", "10.0.0.2"));
        names.add(virtual("a", "stack_web", "10.0.0.200", "web", "www"));
        names.add(virtual("a", "stack_web", "10.0.0.200", "frontend"));
        assertThat(lookup("a", "10.0.0.2", "www")).isEmpty();
        assertThat(lookup("a", "10.0.0.2", "frontend")).containsExactly("10.0.0.200");
    }
}
