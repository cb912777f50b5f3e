package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortFlagTest {
    @Test
    void parsesDockersForms() {
        assertThat(PortFlag.parse("80")).containsExactly(new PortFlag("80/tcp", "", ""));
        assertThat(PortFlag.parse("8080:80")).containsExactly(new PortFlag("80/tcp", "", "8080"));
        assertThat(PortFlag.parse("127.0.0.1:8080:80/udp")).containsExactly(new PortFlag("80/udp", "127.0.0.1", "8080"));
        assertThat(PortFlag.parse("127.0.0.1::80")).containsExactly(new PortFlag("80/tcp", "127.0.0.1", ""));
    }

    @Test
    void rangesExpandAsTheDockerCliExpandsThem() {
        assertThat(PortFlag.parse("8000-8001:80-81")).containsExactly(new PortFlag("80/tcp", "", "8000"),
                new PortFlag("81/tcp", "", "8001"));
        assertThat(PortFlag.parse("127.0.0.1::53-54/udp")).containsExactly(new PortFlag("53/udp", "127.0.0.1", ""),
                new PortFlag("54/udp", "127.0.0.1", ""));
        assertThatThrownBy(() -> PortFlag.parse("8000-8002:80-81")).hasMessageContaining("same length");
        assertThatThrownBy(() -> PortFlag.parse("82-80")).hasMessageContaining("ends before it starts");
    }

    @Test
    void rejectsWhatDockerRejects() {
        assertThatThrownBy(() -> PortFlag.parse("80/sctp")).hasMessageContaining("tcp or udp");
        assertThatThrownBy(() -> PortFlag.parse("0")).hasMessageContaining("container port");
        assertThatThrownBy(() -> PortFlag.parse("70000:80")).hasMessageContaining("host port");
        assertThatThrownBy(() -> PortFlag.parse("8000-8010:80")).hasMessageContaining("same length");
        assertThatThrownBy(() -> PortFlag.parse("x")).hasMessageContaining("invalid -p/--publish 'x'");
    }
}
