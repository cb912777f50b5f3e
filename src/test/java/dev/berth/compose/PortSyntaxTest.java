package dev.berth.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortSyntaxTest {
    @Test
    void readsEveryShortForm() {
        assertThat(PortSyntax.parse("80")).containsExactly(new PortMapping("", "", 80, "tcp"));
        assertThat(PortSyntax.parse("8080:80")).containsExactly(new PortMapping("", "8080", 80, "tcp"));
        assertThat(PortSyntax.parse("127.0.0.1:8080:80/udp")).containsExactly(new PortMapping("127.0.0.1", "8080", 80, "udp"));
        assertThat(PortSyntax.parse("127.0.0.1::80")).containsExactly(new PortMapping("127.0.0.1", "", 80, "tcp"));
        assertThat(PortSyntax.parse("[::1]:8080:80")).containsExactly(new PortMapping("::1", "8080", 80, "tcp"));
        assertThat(PortSyntax.parse("[::1]::80")).containsExactly(new PortMapping("::1", "", 80, "tcp"));
    }

    @Test
    void expandsRanges() {
        assertThat(PortSyntax.parse("3000-3002")).containsExactly(new PortMapping("", "", 3000, "tcp"),
                new PortMapping("", "", 3001, "tcp"), new PortMapping("", "", 3002, "tcp"));
        assertThat(PortSyntax.parse("9000-9001:3000-3001")).containsExactly(new PortMapping("", "9000", 3000, "tcp"),
                new PortMapping("", "9001", 3001, "tcp"));
        assertThat(PortSyntax.parse("8000-8010:80")).as("any free host port of the range")
                .containsExactly(new PortMapping("", "8000-8010", 80, "tcp"));
    }

    @Test
    void rejectsBadSpecsNamingThem() {
        assertThatThrownBy(() -> PortSyntax.parse("80:abc")).hasMessage("invalid port \"80:abc\": invalid port \"abc\": ports are 1 to 65535");
        assertThatThrownBy(() -> PortSyntax.parse("0")).hasMessageContaining("ports are 1 to 65535");
        assertThatThrownBy(() -> PortSyntax.parse("70000")).hasMessageContaining("ports are 1 to 65535");
        assertThatThrownBy(() -> PortSyntax.parse("80/sctp")).hasMessageContaining("invalid protocol \"sctp\"");
        assertThatThrownBy(() -> PortSyntax.parse("9000-9002:3000-3001")).hasMessageContaining("differ in size");
        assertThatThrownBy(() -> PortSyntax.parse("8080:3000-3001")).hasMessageContaining("differ in size");
        assertThatThrownBy(() -> PortSyntax.parse("3001-3000")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> PortSyntax.parse("::1:80:80")).hasMessageContaining("IPv6 addresses in brackets");
        assertThatThrownBy(() -> PortSyntax.parse("host:80:80")).hasMessageContaining("invalid host IP \"host\"");
        assertThatThrownBy(() -> PortSyntax.parse("")).hasMessageContaining("invalid port");
    }

    @Test
    void exposedPortsBecomeDockerKeys() {
        assertThat(PortSyntax.exposed("80")).containsExactly("80/tcp");
        assertThat(PortSyntax.exposed("53/udp")).containsExactly("53/udp");
        assertThat(PortSyntax.exposed("8000-8002")).containsExactly("8000/tcp", "8001/tcp", "8002/tcp");
        assertThatThrownBy(() -> PortSyntax.exposed("http")).hasMessageContaining("invalid port \"http\"");
    }
}
