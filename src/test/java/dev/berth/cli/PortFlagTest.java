package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortFlagTest {
    @Test
    void parsesDockersForms() {
        assertThat(PortFlag.parse("80")).isEqualTo(new PortFlag("80/tcp", "", ""));
        assertThat(PortFlag.parse("8080:80")).isEqualTo(new PortFlag("80/tcp", "", "8080"));
        assertThat(PortFlag.parse("127.0.0.1:8080:80/udp")).isEqualTo(new PortFlag("80/udp", "127.0.0.1", "8080"));
        assertThat(PortFlag.parse("127.0.0.1::80")).isEqualTo(new PortFlag("80/tcp", "127.0.0.1", ""));
    }

    @Test
    void rejectsWhatDockerRejects() {
        assertThatThrownBy(() -> PortFlag.parse("80/sctp")).hasMessageContaining("tcp or udp");
        assertThatThrownBy(() -> PortFlag.parse("0")).hasMessageContaining("container port");
        assertThatThrownBy(() -> PortFlag.parse("70000:80")).hasMessageContaining("host port");
        assertThatThrownBy(() -> PortFlag.parse("8000-8010:80")).hasMessageContaining("ranges");
        assertThatThrownBy(() -> PortFlag.parse("x")).hasMessageContaining("invalid -p/--publish 'x'");
    }
}
