package dev.berth.network.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConntrackTest {
    @TempDir
    Path dir;

    @Test
    void countsEstablishedConnectionsWhoseReplyComesFromTheBackend() throws Exception {
        Path table = Files.writeString(dir.resolve("nf_conntrack"), """
                ipv4     2 tcp      6 431999 ESTABLISHED src=127.0.0.1 dst=127.0.0.1 sport=40000 dport=18555 src=10.9.0.2 dst=10.9.0.1 sport=80 dport=40000 [ASSURED] mark=0 use=1
                ipv4     2 tcp      6 431999 ESTABLISHED src=127.0.0.1 dst=127.0.0.1 sport=40002 dport=18555 src=10.9.0.3 dst=10.9.0.1 sport=80 dport=40002 [ASSURED] mark=0 use=1
                ipv4     2 tcp      6 119 TIME_WAIT src=127.0.0.1 dst=127.0.0.1 sport=40001 dport=18555 src=10.9.0.2 dst=10.9.0.1 sport=80 dport=40001 [ASSURED] mark=0 use=1
                ipv4     2 tcp      6 431999 ESTABLISHED src=10.9.0.2 dst=10.9.0.7 sport=80 dport=5000 src=10.9.0.7 dst=10.9.0.2 sport=5000 dport=80 [ASSURED] mark=0 use=1
                ipv4     2 udp      17 20 src=10.9.0.2 dst=1.1.1.1 sport=80 dport=53 src=10.9.0.2 dst=10.9.0.2 sport=80 dport=80 mark=0 use=1
                """);
        assertThat(Conntrack.established(table, new InetSocketAddress("10.9.0.2", 80))).isEqualTo(1);
        assertThat(Conntrack.established(table, new InetSocketAddress("10.9.0.3", 80))).isEqualTo(1);
        assertThat(Conntrack.established(table, new InetSocketAddress("10.9.0.3", 81))).isZero();
    }
}
