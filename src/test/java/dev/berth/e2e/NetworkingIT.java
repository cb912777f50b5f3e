package dev.berth.e2e;

import static dev.berth.e2e.HostnameProbe.GET_HOSTNAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Real bridges, veth pairs, namespaces, nftables rules and the embedded DNS server, driven through the CLI of a
 * real berthd whose bridge, subnets and ruleset are its own. Traffic goes only to 127.0.0.1 and to addresses on
 * those bridges; names Berth does not know are forwarded to 127.0.0.1, where nothing answers. The teardown
 * compares the host's links, namespaces and tables with what they were before the daemon started.
 */
class NetworkingIT extends DaemonIT {

    @Test
    void defaultBridgeGivesAnAddressADefaultRouteAndHostsEntries() throws Exception {
        String out = ok("run", "--rm", "--hostname", "box", "--add-host", "db:10.9.8.7", "--add-host", "gw:host-gateway", "busybox",
                "sh", "-c", "ip -4 addr show eth0; ip route; cat /etc/hosts");
        String prefix = berthd.defaultSubnetPrefix();
        assertThat(out).contains("inet " + prefix + "2/24").contains("default via " + prefix + "1 dev eth0")
                .contains("10.9.8.7\tdb").contains(prefix + "1\tgw").contains(prefix + "2\tbox");
    }

    @Test
    void userNetworksResolveNamesAndAliasesAndStayIsolated() throws Exception {
        ok("network", "create", "front");
        ok("network", "create", "back");
        String web = ok("run", "-d", "--name", "web", "--network", "front", "--network-alias", "www", "busybox",
                "httpd", "-f", "-p", "80", "-h", "/etc").strip();
        ok("run", "-d", "--name", "loner", "--network", "back", "busybox", "sleep", "300");
        String webIp = ok("inspect", "-f", "{{.NetworkSettings.Networks.front.IPAddress}}", "web").strip();
        assertThat(webIp).startsWith(berthd.poolPrefix().substring(0, 7));

        String sameNet = ok("run", "--rm", "--network", "front", "busybox", "sh", "-c",
                GET_HOSTNAME + "web 80; " + GET_HOSTNAME + "www 80; nslookup web");
        assertThat(sameNet).contains(web.substring(0, 12)).contains("Address: " + webIp);
        assertThat(sameNet.split(web.substring(0, 12), -1)).hasSize(3);

        String otherNet = ok("exec", "loner", "sh", "-c",
                "nc -w 2 " + webIp + " 80 </dev/null; echo connect=$?; nslookup web >/dev/null 2>&1; echo lookup=$?");
        assertThat(otherNet).contains("connect=1").contains("lookup=1");

        ok("network", "connect", "--alias", "alone", "front", "loner");
        assertThat(ok("exec", "loner", "sh", "-c", GET_HOSTNAME + "web 80")).contains(web.substring(0, 12));
        assertThat(ok("run", "--rm", "--network", "front", "busybox", "nslookup", "alone")).contains("Address: ");
        ok("network", "disconnect", "front", "loner");
        assertThat(ok("exec", "loner", "ip", "-o", "link")).doesNotContain("eth1");

        BerthdProcess.Result inUse = berthd.berth("network", "rm", "front");
        assertThat(inUse.exit()).isEqualTo(1);
        assertThat(inUse.err()).contains("has active endpoints");
        ok("rm", "-f", "web", "loner");
        ok("network", "rm", "front", "back");
    }

    @Test
    void staticAddressesAreUniqueAndInternalNetworksHaveNoWayOut() throws Exception {
        ok("network", "create", "--internal", "--subnet", berthd.poolPrefix() + "0/24", "vault");
        String fixed = berthd.poolPrefix() + "50";
        ok("run", "-d", "--name", "fixed", "--network", "vault", "--ip", fixed, "busybox", "sleep", "300");
        assertThat(ok("inspect", "-f", "{{.NetworkSettings.Networks.vault.IPAddress}}", "fixed").strip()).isEqualTo(fixed);

        BerthdProcess.Result taken = berthd.berth("run", "--rm", "--network", "vault", "--ip", fixed, "busybox", "true");
        assertThat(taken.exit()).isEqualTo(125);
        assertThat(taken.err()).contains("Address already in use");

        String routes = ok("exec", "fixed", "ip", "route");
        assertThat(routes).doesNotContain("default");
        ok("rm", "-f", "fixed");
        ok("network", "prune", "-f");
        assertThat(ok("network", "ls", "-q", "--filter", "name=vault")).isBlank();
    }

    @Test
    void publishedTcpAndUdpPortsAnswerOnLoopback() throws Exception {
        String web = ok("run", "-d", "-p", "127.0.0.1::80", "busybox", "httpd", "-f", "-p", "80", "-h", "/etc").strip();
        int tcp = hostPort(ok("port", web, "80"));
        assertThat(ok("ps", "--format", "{{.Ports}}")).contains("127.0.0.1:" + tcp + "->80/tcp");
        assertThat(HostnameProbe.get(tcp)).contains(web.substring(0, 12));

        // busybox has no UDP server; the host's python, bind-mounted read-only, echoes datagrams upper-cased.
        String echo = ok("run", "-d", "-p", "9999/udp", "-v", "/usr:/usr:ro", "-v", "/lib64:/lib64:ro", "-v", "/lib:/lib:ro",
                "busybox", "/usr/bin/python3", "-c", """
                        import socket
                        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                        s.bind(('0.0.0.0', 9999))
                        while True:
                            d, a = s.recvfrom(2048)
                            s.sendto(d.upper(), a)
                        """).strip();
        int udp = hostPort(ok("port", echo, "9999/udp"));
        assertThat(udpEcho(udp, "hello-over-udp")).isEqualTo("HELLO-OVER-UDP");
        ok("rm", "-f", web, echo);
    }

    /** Sends until the container's server is up and answers; a datagram sent before it binds is simply lost. */
    private static String udpEcho(int port, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        Instant deadline = Instant.now().plusSeconds(15);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(500);
            while (true) {
                s.send(new DatagramPacket(payload, payload.length, new InetSocketAddress("127.0.0.1", port)));
                DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
                try {
                    s.receive(reply);
                    return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
                } catch (java.net.SocketTimeoutException e) {
                    assertThat(Instant.now()).as("no UDP answer on 127.0.0.1:" + port).isBefore(deadline);
                }
            }
        }
    }

    @Test
    void containersReachPublishedPortsThroughTheHostItselfIncluded() throws Exception {
        String web = ok("run", "-d", "-p", "18181:80", "busybox", "httpd", "-f", "-p", "80", "-h", "/etc").strip();
        String gateway = berthd.defaultSubnetPrefix() + "1";
        String viaHost = GET_HOSTNAME + gateway + " 18181";
        assertThat(ok("run", "--rm", "busybox", "sh", "-c", viaHost)).contains(web.substring(0, 12));
        assertThat(ok("exec", web, "sh", "-c", viaHost)).contains(web.substring(0, 12));
        ok("rm", "-f", web);
    }

    @Test
    void aContainerCanJoinAnothersNetwork() throws Exception {
        String web = ok("run", "-d", "--name", "owner", "busybox", "httpd", "-f", "-p", "80", "-h", "/etc").strip();
        String ownerIp = ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "owner").strip();
        String joined = ok("run", "--rm", "--network", "container:owner", "busybox", "sh", "-c",
                GET_HOSTNAME + "127.0.0.1 80; ip -4 -o addr show eth0");
        assertThat(joined).contains(web.substring(0, 12)).contains("inet " + ownerIp + "/");
        BerthdProcess.Result ports = berthd.berth("run", "--rm", "--network", "container:owner", "-p", "81", "busybox", "true");
        assertThat(ports.exit()).isEqualTo(125);
        assertThat(ports.err()).contains("conflicting options: port publishing");
        ok("rm", "-f", "owner");
    }

    @Test
    void portRangesPublishEachPort() throws Exception {
        String id = ok("run", "-d", "-p", "127.0.0.1::80-81", "busybox", "sleep", "60").strip();
        assertThat(ok("port", id).lines().toList()).hasSize(2).anyMatch(l -> l.startsWith("80/tcp -> 127.0.0.1:"))
                .anyMatch(l -> l.startsWith("81/tcp -> 127.0.0.1:"));
        ok("rm", "-f", id);
    }

    @Test
    void aTakenPortFailsTheStartCleanly() throws Exception {
        String first = ok("run", "-d", "-p", "127.0.0.1::80", "busybox", "sleep", "300").strip();
        int port = hostPort(ok("port", first, "80"));
        String rulesBefore = nft();

        BerthdProcess.Result clash = berthd.berth("run", "-d", "--name", "clash", "-p", "127.0.0.1:" + port + ":80", "busybox", "true");
        assertThat(clash.exit()).isEqualTo(125);
        assertThat(clash.err()).contains("127.0.0.1:" + port).contains("port is already allocated");
        assertThat(ok("inspect", "-f", "{{.State.Status}}", "clash").strip()).isEqualTo("created");
        assertThat(nft()).isEqualTo(rulesBefore);
        String clashId = idOf("clash").substring(0, 12);
        assertThat(Files.exists(Path.of("/run/netns/berth-" + clashId))).isFalse();
        ok("rm", "-f", first, "clash");
    }

    @Test
    void aCrashAndRestartLeaveNothingOfContainersThatDiedMeanwhile() throws Exception {
        ok("network", "create", "crashnet");
        String survivor = ok("run", "-d", "--network", "crashnet", "-p", "127.0.0.1::80", "busybox", "httpd", "-f", "-p", "80", "-h", "/etc")
                .strip();
        String victim = ok("run", "-d", "--network", "crashnet", "-p", "127.0.0.1::81", "busybox", "sleep", "300").strip();
        int port = hostPort(ok("port", survivor, "80"));
        String victimPid = ok("inspect", "-f", "{{.State.Pid}}", victim).strip();

        berthd.kill9();
        new ProcessBuilder("kill", "-9", victimPid).start().waitFor();
        berthd.start();

        awaitStatus(victim, "exited");
        assertThat(Files.exists(Path.of("/run/netns/berth-" + victim.substring(0, 12)))).isFalse();
        assertThat(nft()).doesNotContain(":81").contains(". 80");
        assertThat(HostnameProbe.get(port)).contains(survivor.substring(0, 12));
        ok("rm", "-f", survivor, victim);
        ok("network", "rm", "crashnet");
        assertThat(nft()).doesNotContain(". 80");
    }

    /** The port of a {@code berth port} line, "127.0.0.1:32768". */
    private static int hostPort(String portOutput) {
        String line = portOutput.strip().lines().findFirst().orElseThrow();
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
    }

    private static String nft() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nft", "list", "table", "inet", berthd.bridge).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static String idOf(String name) throws Exception {
        return ok("inspect", "-f", "{{.Id}}", name).strip();
    }

    private static void awaitStatus(String id, String status) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!ok("inspect", "-f", "{{.State.Status}}", id).strip().equals(status)) {
            assertThat(Instant.now()).as(id + " never became " + status).isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(100));
        }
    }

    private static String ok(String... args) throws Exception {
        return berthd.ok(args);
    }
}
