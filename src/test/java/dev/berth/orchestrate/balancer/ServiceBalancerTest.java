package dev.berth.orchestrate.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The balancer with real sockets on 127.0.0.1 and small JDK backends ({@link LineBackend}). */
class ServiceBalancerTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void roundRobinSpreadsConnectionsEvenly() throws Exception {
        List<LineBackend> backends = List.of(backend("a"), backend("b"), backend("c"));
        ServiceBalancer lb = balancer(BalancerOptions.of(Strategy.ROUND_ROBIN), backends);

        List<String> servers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            try (Client client = connect(lb)) {
                servers.add(client.servedBy());
            }
        }

        assertThat(servers.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())))
                .isEqualTo(Map.of("a", 10L, "b", 10L, "c", 10L));
        await("every connection ended", () -> lb.stats().backends().stream().allMatch(s -> s.activeConnections() == 0));
        assertThat(lb.stats().backends()).allSatisfy(stats -> {
            assertThat(stats.totalConnections()).isEqualTo(10);
            assertThat(stats.bytesToBackend()).isEqualTo(10 * "who\n".length());
            assertThat(stats.bytesFromBackend()).as("answers, and the byes after each client's close")
                    .isEqualTo(10 * (stats.backend().id() + ":who\n" + stats.backend().id() + ":bye\n").length());
        });
    }

    @Test
    void leastConnectionsPicksTheLeastLoadedBackend() throws Exception {
        ServiceBalancer lb = balancer(BalancerOptions.of(Strategy.LEAST_CONNECTIONS), List.of(backend("a"), backend("b"), backend("c")));
        List<Client> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(connect(lb));
        }
        assertThat(held.stream().map(Client::servedBy)).as("equal loads take turns").containsExactlyInAnyOrder("a", "b", "c");
        Client onB = held.stream().filter(c -> c.lastServer().equals("b")).findFirst().orElseThrow();
        held.add(connect(lb)); // a fourth connection goes to some backend, which now holds two
        String doubled = held.getLast().servedBy();

        onB.close();
        await("b's connection ended", () -> active(lb, "b") == 0);
        for (int i = 0; i < 3; i++) {
            try (Client client = connect(lb)) {
                assertThat(client.servedBy()).as("b holds none, the others one or two").isEqualTo("b");
            }
            await("the probe ended", () -> active(lb, "b") == 0);
        }
        try (Client client = connect(lb)) {
            assertThat(client.servedBy()).as("with b busy too, the backend that holds one").isNotEqualTo(doubled);
        }
        held.forEach(Client::close);
    }

    @Test
    void aRemovedBackendDrainsItsOpenConnectionsAndGetsNoNewOnes() throws Exception {
        LineBackend a = backend("a");
        LineBackend b = backend("b");
        ServiceBalancer lb = balancer(BalancerOptions.of(Strategy.ROUND_ROBIN), List.of(a));
        Client open = connectTo(lb, "a");

        lb.backends(List.of(b.backend()), Duration.ofMinutes(1));

        for (int i = 0; i < 5; i++) {
            try (Client client = connect(lb)) {
                assertThat(client.servedBy()).isEqualTo("b");
            }
        }
        assertThat(open.ask("still there")).isEqualTo("a:still there");
        assertThat(lb.stats().backends()).filteredOn(s -> s.backend().id().equals("a")).singleElement()
                .satisfies(s -> assertThat(s.draining()).isTrue())
                .satisfies(s -> assertThat(s.activeConnections()).isEqualTo(1));

        open.close();
        await("a is gone from the stats once drained",
                () -> lb.stats().backends().stream().noneMatch(s -> s.backend().id().equals("a")));
        assertThat(a.accepted()).isEqualTo(1);
    }

    @Test
    void theDrainDeadlineResetsConnectionsThatOutlastIt() throws Exception {
        LineBackend a = backend("a");
        ServiceBalancer lb = balancer(BalancerOptions.of(Strategy.ROUND_ROBIN), List.of(a));
        Client open = connectTo(lb, "a");
        Instant removed = Instant.now();

        lb.backends(List.of(), Duration.ofMillis(300));

        assertThat(open.ask("within the deadline")).isEqualTo("a:within the deadline");
        assertThat(open.readUntilCut()).as("the balancer resets the connection at the deadline").isTrue();
        assertThat(Duration.between(removed, Instant.now())).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        await("a is gone from the stats", () -> lb.stats().backends().isEmpty());
    }

    @Test
    void aBackendThatComesBackBeforeItsDeadlineKeepsItsConnections() throws Exception {
        LineBackend a = backend("a");
        ServiceBalancer lb = balancer(BalancerOptions.of(Strategy.ROUND_ROBIN), List.of(a));
        Client open = connectTo(lb, "a");

        lb.backends(List.of(), Duration.ofMillis(200));
        lb.backends(List.of(a.backend()), Duration.ZERO);
        try (Client probe = connect(lb)) {
            assertThat(probe.servedBy()).isEqualTo("a");
        }
        await("the old deadline passed", () -> a.accepted() == 2 && Duration.between(open.opened(), Instant.now()).toMillis() > 400);

        assertThat(open.ask("kept")).isEqualTo("a:kept");
        assertThat(lb.stats().backends()).singleElement().satisfies(s -> assertThat(s.draining()).isFalse());
    }

    @Test
    void aRefusedConnectIsRetriedOnTheNextBackend() throws Exception {
        LineBackend live = backend("live");
        Backend dead = new Backend("dead", freeLoopbackPort());
        ServiceBalancer lb = open(BalancerOptions.of(Strategy.ROUND_ROBIN));
        lb.backends(List.of(dead, live.backend()), Duration.ZERO);

        for (int i = 0; i < 6; i++) {
            try (Client client = connect(lb)) {
                assertThat(client.servedBy()).isEqualTo("live");
            }
        }

        BalancerStats stats = lb.stats();
        assertThat(stats.unserved()).isZero();
        assertThat(stats.backends()).filteredOn(s -> s.backend().equals(dead)).singleElement().satisfies(s -> {
            assertThat(s.connectFailures()).as("tried once, then passed over while suspect").isEqualTo(1);
            assertThat(s.totalConnections()).isZero();
        });
    }

    @Test
    void aConnectThatTimesOutIsRetriedOnTheNextBackend() throws Exception {
        LineBackend live = backend("live");
        // A listener that never accepts and whose queue is full drops further SYNs: its connects hang.
        ServerSocket stuck = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(stuck);
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = new Socket();
            resources.add(socket);
            try {
                socket.connect(stuck.getLocalSocketAddress(), 200);
                queued.add(socket);
            } catch (IOException e) {
                break; // the queue is full
            }
        }
        assertThat(queued).isNotEmpty();
        Backend hanging = new Backend("hanging", (InetSocketAddress) stuck.getLocalSocketAddress());
        ServiceBalancer lb = open(BalancerOptions.of(Strategy.ROUND_ROBIN).withTimeouts(Duration.ofMillis(200), Duration.ofMillis(400)));
        lb.backends(List.of(hanging, live.backend()), Duration.ZERO);

        for (int i = 0; i < 2; i++) {
            try (Client client = connect(lb)) {
                assertThat(client.servedBy()).isEqualTo("live");
            }
        }
        assertThat(lb.stats().backends()).filteredOn(s -> s.backend().equals(hanging)).singleElement()
                .satisfies(s -> assertThat(s.connectFailures()).isEqualTo(1));

        lb.backends(List.of(hanging), Duration.ZERO);
        Instant start = Instant.now();
        assertThat(cutAtOnce(lb)).as("the last backend left hangs too").isTrue();
        assertThat(Duration.between(start, Instant.now())).as("waited the connect timeout, not the failover time")
                .isBetween(Duration.ofMillis(350), Duration.ofSeconds(4));
        assertThat(lb.stats().unserved()).isEqualTo(1);
    }

    @Test
    void whenNoBackendAcceptsTheClientIsReset() throws Exception {
        ServiceBalancer lb = open(BalancerOptions.of(Strategy.ROUND_ROBIN));
        assertThat(cutAtOnce(lb)).as("no backend set").isTrue();
        lb.backends(List.of(new Backend("dead", freeLoopbackPort())), Duration.ZERO);
        assertThat(cutAtOnce(lb)).as("the only backend refuses").isTrue();
        await("both counted", () -> lb.stats().unserved() == 2);
    }

    @Test
    void aHalfCloseReachesTheBackendAndItsAnswerStillArrives() throws Exception {
        ServiceBalancer lb = balancer(BalancerOptions.of(Strategy.ROUND_ROBIN), List.of(backend("a")));
        try (Client client = connect(lb)) {
            client.send("last words");
            client.socket.shutdownOutput();
            assertThat(client.in.readLine()).isEqualTo("a:last words");
            assertThat(client.in.readLine()).as("the backend saw the end of stream").isEqualTo("a:bye");
            assertThat(client.in.readLine()).as("and its close came through").isNull();
        }
    }

    @Test
    void bulkTransfersArriveWholeInBothDirections() throws Exception {
        ServiceBalancer lb = balancer(BalancerOptions.of(Strategy.ROUND_ROBIN).withLoops(2), List.of(backend("a")));
        String line = "x".repeat(1000);
        int lines = 8000; // 8 MB each way: more than the socket buffers hold, so back-pressure is exercised
        try (Client client = connect(lb)) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = client.socket.getOutputStream();
                    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < lines; i++) {
                        out.write(bytes);
                    }
                    client.socket.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < lines; i++) {
                assertThat(client.in.readLine()).isEqualTo("a:" + line);
            }
            assertThat(client.in.readLine()).isEqualTo("a:bye");
            writer.join(Duration.ofSeconds(10));
        }
        await("the counters caught up", () -> lb.stats().backends().getFirst().activeConnections() == 0);
        assertThat(lb.stats().backends().getFirst().bytesToBackend()).isEqualTo(lines * 1001L);
    }

    @Test
    void closeReleasesThePortsAndThreads() throws Exception {
        LineBackend a = backend("a");
        ServiceBalancer lb = ServiceBalancer.open(List.of(ANY_LOOPBACK_PORT, ANY_LOOPBACK_PORT),
                BalancerOptions.of(Strategy.ROUND_ROBIN).withLoops(2));
        lb.backends(List.of(a.backend()), Duration.ZERO);
        Client open = connectTo(lb, "a");

        lb.close();

        assertThat(lb.stopped()).isTrue();
        assertThat(open.readUntilCut()).as("open connections are reset").isTrue();
        for (InetSocketAddress frontend : lb.frontends()) {
            try (ServerSocket again = new ServerSocket()) {
                again.bind(frontend);
            }
        }
        assertThatThrownBy(() -> lb.backends(List.of(a.backend()), Duration.ZERO)).isInstanceOf(BerthException.class)
                .hasMessageContaining("closed");
        lb.close();
    }

    @Test
    void aFrontendInUseFailsNamingItAndLeavesNothingBound() throws Exception {
        ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(taken);
        InetSocketAddress free = freeLoopbackPort();

        assertThatThrownBy(() -> ServiceBalancer.open(List.of(free, (InetSocketAddress) taken.getLocalSocketAddress()), Strategy.ROUND_ROBIN))
                .isInstanceOf(BerthException.class)
                .satisfies(e -> assertThat(((BerthException) e).kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining("127.0.0.1:" + taken.getLocalPort()).hasMessageContaining("in use");
        try (ServerSocket again = new ServerSocket()) {
            again.bind(free);
        }
    }

    @Test
    void badFrontendsAndBackendsAreRejected() {
        assertThatThrownBy(() -> ServiceBalancer.open(List.of(), Strategy.ROUND_ROBIN)).isInstanceOf(BerthException.class)
                .hasMessageContaining("at least one frontend");
        InetSocketAddress twice = new InetSocketAddress(InetAddress.getLoopbackAddress(), 18080);
        assertThatThrownBy(() -> ServiceBalancer.open(List.of(twice, twice), Strategy.ROUND_ROBIN))
                .hasMessageContaining("127.0.0.1:18080 is given twice");
        // 192.0.2.0/24 is TEST-NET-1: on no interface of a test host.
        assertThatThrownBy(() -> ServiceBalancer.open(List.of(new InetSocketAddress("192.0.2.1", 8080)), Strategy.ROUND_ROBIN))
                .isInstanceOf(BerthException.class).hasMessageContaining("192.0.2.1:8080");
        assertThatThrownBy(() -> new Backend(" ", ANY_LOOPBACK_PORT)).hasMessageContaining("needs an id");
        assertThatThrownBy(() -> new Backend("web.1", ANY_LOOPBACK_PORT)).hasMessageContaining("web.1");
        assertThatThrownBy(() -> new Backend("web.1", InetSocketAddress.createUnresolved("web", 80))).hasMessageContaining("web.1");
        assertThatThrownBy(() -> BalancerOptions.of(Strategy.ROUND_ROBIN).withLoops(0)).hasMessageContaining("loop count 0");
    }

    @Test
    void twoBackendsWithOneIdAreRejected() throws Exception {
        ServiceBalancer lb = open(BalancerOptions.of(Strategy.ROUND_ROBIN));
        Backend one = new Backend("web.1", new InetSocketAddress(InetAddress.getLoopbackAddress(), 18081));
        Backend same = new Backend("web.1", new InetSocketAddress(InetAddress.getLoopbackAddress(), 18082));
        assertThatThrownBy(() -> lb.backends(List.of(one, same), Duration.ZERO)).hasMessageContaining("web.1 is given twice");
        assertThatThrownBy(() -> lb.backends(List.of(one), Duration.ofSeconds(-1))).hasMessageContaining("drain");
    }

    // ---------------------------------------------------------------- helpers

    private LineBackend backend(String name) throws IOException {
        LineBackend backend = LineBackend.start(name);
        resources.add(backend);
        return backend;
    }

    private ServiceBalancer open(BalancerOptions options) {
        ServiceBalancer lb = ServiceBalancer.open(List.of(ANY_LOOPBACK_PORT), options);
        resources.add(lb);
        return lb;
    }

    private ServiceBalancer balancer(BalancerOptions options, List<LineBackend> backends) {
        ServiceBalancer lb = open(options);
        lb.backends(backends.stream().map(LineBackend::backend).toList(), Duration.ZERO);
        return lb;
    }

    private Client connect(ServiceBalancer lb) throws IOException {
        Client client = new Client(lb.frontends().getFirst());
        resources.add(client);
        return client;
    }

    /** Whether a new connection is reset (maybe before the connect returned) or closed without an answer, within 5 s. */
    private boolean cutAtOnce(ServiceBalancer lb) {
        try (Client client = connect(lb)) {
            return client.readUntilCut();
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new connection, which must have gone to {@code backendId}. */
    private Client connectTo(ServiceBalancer lb, String backendId) throws IOException {
        Client client = connect(lb);
        assertThat(client.servedBy()).isEqualTo(backendId);
        return client;
    }

    private static int active(ServiceBalancer lb, String id) {
        return lb.stats().backends().stream().filter(s -> s.backend().id().equals(id))
                .mapToInt(BackendStats::activeConnections).sum();
    }

    /** A loopback address nothing listens on: a port the kernel gave out and took back. */
    private static InetSocketAddress freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return (InetSocketAddress) probe.getLocalSocketAddress();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 10 s for: " + what).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** A client connection through the balancer, speaking {@link LineBackend}'s line protocol. */
    private static final class Client implements AutoCloseable {
        final Socket socket = new Socket();
        final BufferedReader in;
        private final Instant opened = Instant.now();
        private String lastServer = "";

        Client(InetSocketAddress frontend) throws IOException {
            socket.connect(frontend, 5000);
            socket.setSoTimeout(5000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String line) throws IOException {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        String ask(String line) throws IOException {
            send(line);
            String answer = in.readLine();
            assertThat(answer).as("answer to " + line).isNotNull();
            lastServer = answer.substring(0, answer.indexOf(':'));
            return answer;
        }

        String servedBy() {
            try {
                ask("who");
            } catch (IOException e) {
                throw new IllegalStateException("no answer through the balancer", e);
            }
            return lastServer;
        }

        String lastServer() {
            return lastServer;
        }

        Instant opened() {
            return opened;
        }

        /** Whether the connection is cut (reset, or closed without an answer) before the read timeout. */
        boolean readUntilCut() throws IOException {
            try {
                return socket.getInputStream().read() < 0;
            } catch (SocketException e) {
                return true;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }
}
