package dev.berth.network.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.ErrorKind;
import dev.berth.common.HostCommand;
import dev.berth.common.Ids;
import dev.berth.network.Endpoint;
import dev.berth.network.EndpointRequest;
import dev.berth.network.Ipv4;
import dev.berth.network.Network;
import dev.berth.network.NetworkRequest;
import dev.berth.network.VirtualAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual addresses on real bridges: "containers" are sandboxes of the real BridgeNetworks (namespace, veth,
 * address, the embedded DNS) running the host's busybox inside them, and the service is a socket the test binds
 * on the host, as the load balancer does. Traffic stays inside the two bridges the test makes.
 */
@Tag("root")
class VirtualAddressIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private Database db;
    private BridgeConfig config;
    private BridgeNetworks networks;
    private Network stack;
    private Network other;
    private final List<String> sandboxes = new ArrayList<>();

    /** A sandbox on one network: what the network side of a container is. */
    private record Client(String netns, Endpoint endpoint) {}

    @BeforeAll
    static void requireRootAndTools() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to make bridges and namespaces");
        Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/bin/busybox")), "/bin/busybox is not installed");
    }

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("berth.db"));
        config = TestBridges.config(dir);
        networks = TestBridges.open(db, config);
        String suffix = Integer.toHexString(new Random().nextInt(0x10000));
        stack = networks.create(new NetworkRequest("vip-stack-" + suffix, "", Optional.empty(), Optional.empty(), false, Map.of(), Map.of()));
        other = networks.create(new NetworkRequest("vip-other-" + suffix, "", Optional.empty(), Optional.empty(), false, Map.of(), Map.of()));
    }

    @AfterEach
    void nothingLeftBehind() {
        try {
            sandboxes.forEach(networks::destroySandbox);
            networks.virtualAddresses().forEach(v -> networks.releaseVirtualAddress(v.networkId(), v.owner()));
            networks.remove(stack.id());
            networks.remove(other.id());
        } finally {
            networks.close();
            db.close();
        }
        assertThat(Links.exists(config.defaultBridge())).as("idle close removes the bridges").isFalse();
        assertThat(HostCommand.run(List.of("ip", "netns", "list"), COMMAND_TIMEOUT).check().stdout())
                .doesNotContain(sandboxes.stream().map(id -> "berth-" + id.substring(0, 12)).toArray(String[]::new));
        assertThat(HostCommand.run(List.of("nft", "list", "tables"), COMMAND_TIMEOUT).check().stdout())
                .doesNotContain(config.defaultBridge());
    }

    @Test
    void itAnswersOnItsOwnNetworkInsteadOfTheReplicasAndNowhereElse() throws Exception {
        Client replica = client(stack, "web");
        Client neighbour = client(stack, "client");
        Client stranger = client(other, "stranger");

        VirtualAddress vip = networks.reserveVirtualAddress(stack.name(), "stack_web", List.of("web"));
        assertThat(vip.networkId()).isEqualTo(stack.id());
        assertThat(stack.subnet().isHost(vip.address())).isTrue();
        assertThat(vip.address()).isNotIn(stack.gateway(), replica.endpoint().address(), neighbour.endpoint().address());
        assertThat(networks.reserveVirtualAddress(stack.id(), "stack_web", List.of("web"))).isEqualTo(vip);
        assertThat(networks.virtualAddresses()).containsExactly(vip);
        assertThat(hostAddresses(stack)).contains(vip.address() + "/32");

        assertThat(lookup(neighbour, "web")).containsExactly(vip.address().toString());
        assertThat(lookup(neighbour, "client")).containsExactly(neighbour.endpoint().address().toString());
        assertThat(lookup(stranger, "web")).isEmpty();

        try (Listener service = new Listener(vip.address())) {
            assertThat(talk(neighbour, vip.address(), service.port())).isEqualTo("got x");
            assertThat(talk(stranger, vip.address(), service.port())).as("another network's container").isEmpty();
            assertThat(service.accepted()).isEqualTo(1);
        }

        assertThatThrownBy(() -> client(stack, Optional.of(vip.address())))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining("Address already in use: " + vip.address());
    }

    @Test
    void itSurvivesARestartKeepsItsNetworkAndGoesAwayOnRelease() throws Exception {
        VirtualAddress vip = networks.reserveVirtualAddress(stack.name(), "stack_web", List.of("web", "www"));
        assertThatThrownBy(() -> networks.remove(stack.name()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining("virtual addresses of stack_web");
        assertThat(networks.prune()).containsExactly(other.name());
        other = networks.create(new NetworkRequest(other.name(), "", Optional.empty(), Optional.empty(), false, Map.of(), Map.of()));

        networks.close();
        assertThat(Links.exists(stack.bridge())).as("an idle daemon's close removes its bridges").isFalse();
        networks = TestBridges.open(db, config);
        assertThat(networks.virtualAddresses()).containsExactly(vip);
        assertThat(hostAddresses(stack)).contains(vip.address() + "/32");

        Client neighbour = client(stack, "client");
        Client stranger = client(other, "stranger");
        assertThat(lookup(neighbour, "www")).containsExactly(vip.address().toString());
        try (Listener service = new Listener(vip.address())) {
            assertThat(talk(neighbour, vip.address(), service.port())).isEqualTo("got x");
            assertThat(talk(stranger, vip.address(), service.port())).as("isolation is back after the restart").isEmpty();
        }

        Client replica = client(stack, "web");
        networks.releaseVirtualAddress(stack.name(), "stack_web");
        networks.releaseVirtualAddress(stack.name(), "stack_web");
        assertThat(networks.virtualAddresses()).isEmpty();
        assertThat(hostAddresses(stack)).doesNotContain(vip.address() + "/32");
        assertThat(lookup(neighbour, "web")).as("the replica's own name again").containsExactly(replica.endpoint().address().toString());
        assertThat(lookup(neighbour, "www")).isEmpty();
    }

    private Client client(Network network, String name) {
        return client(network, Optional.empty(), name);
    }

    private Client client(Network network, Optional<Ipv4> address, String... names) {
        String id = Ids.newId();
        sandboxes.add(id);
        String netns = networks.createSandbox(id).getFileName().toString();
        return new Client(netns, networks.connect(id, network.id(), new EndpointRequest(address, List.of(names), List.of())));
    }

    /** The addresses busybox's nslookup gets for {@code name} from the client's embedded DNS server. */
    private static List<String> lookup(Client c, String name) {
        String out = inside(c, List.of("nslookup", "-type=a", name, c.endpoint().dnsServer().toString()), "").stdout();
        // The server's own address comes first, before the answers' "Name:" line.
        int answers = out.indexOf("Name:");
        return answers < 0 ? List.of() : out.substring(answers).lines().filter(l -> l.startsWith("Address"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1).strip()).toList();
    }

    /** Sends "x" to address:port from inside the client and returns what came back; "" when it could not connect. */
    private static String talk(Client c, Ipv4 address, int port) {
        return inside(c, List.of("nc", "-w", "2", address.toString(), String.valueOf(port)), "x").stdout();
    }

    private static HostCommand.Result inside(Client c, List<String> busybox, String input) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", c.netns(), "/bin/busybox"));
        argv.addAll(busybox);
        return HostCommand.run(argv, input, COMMAND_TIMEOUT);
    }

    private static String hostAddresses(Network n) {
        return HostCommand.run(List.of("ip", "-4", "-o", "addr", "show", "dev", n.bridge()), COMMAND_TIMEOUT).check().stdout();
    }

    /** A host-side service bound to the virtual address, like the load balancer: answers "got " and the byte it read. */
    private static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger accepted = new AtomicInteger();

        Listener(Ipv4 address) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(address.toString()), 0));
            Thread.ofVirtual().start(this::serve);
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                    s.setSoTimeout(5000);
                    int b = s.getInputStream().read();
                    s.getOutputStream().write(("got " + (char) b).getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
