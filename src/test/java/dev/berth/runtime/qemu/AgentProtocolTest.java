package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.runtime.qemu.AgentProtocol.Accepted;
import dev.berth.runtime.qemu.AgentProtocol.Busy;
import dev.berth.runtime.qemu.AgentProtocol.Done;
import dev.berth.runtime.qemu.AgentProtocol.Exited;
import dev.berth.runtime.qemu.AgentProtocol.Hello;
import dev.berth.runtime.qemu.AgentProtocol.Refused;
import dev.berth.runtime.qemu.AgentProtocol.Started;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentProtocolTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final String OTHER = "fedcba9876543210fedcba9876543210";

    @Test
    void requestsAreOneLineEach() {
        assertThat(AgentProtocol.hello()).isEqualTo("hello\n");
        assertThat(AgentProtocol.exec(ID, 3, true, "env -i /bin/busybox nsenter -F 'true'"))
                .isEqualTo("exec " + ID + " 3 1 env -i /bin/busybox nsenter -F 'true'\n");
        assertThat(AgentProtocol.exec(ID, 0, false, "'true'")).isEqualTo("exec " + ID + " 0 0 'true'\n");
        assertThat(AgentProtocol.kill(ID, 2, 9)).isEqualTo("kill " + ID + " 2 9\n");
    }

    @Test
    void aCommandOfSeveralLinesOrABadIdIsAProgrammingError() {
        assertThatThrownBy(() -> AgentProtocol.exec(ID, 0, false, "echo a\necho b")).hasMessageContaining("one non-empty line");
        assertThatThrownBy(() -> AgentProtocol.exec(ID, 0, false, " ")).hasMessageContaining("one non-empty line");
        assertThatThrownBy(() -> AgentProtocol.kill("../x", 0, 9)).hasMessageContaining("not an exec id");
    }

    @Test
    void parsesEveryReply() {
        assertThat(AgentProtocol.parse("hello 1")).contains(new Hello(1));
        assertThat(AgentProtocol.parse("accepted " + ID)).contains(new Accepted(ID));
        assertThat(AgentProtocol.parse("busy " + ID + " " + OTHER)).contains(new Busy(ID, OTHER));
        assertThat(AgentProtocol.parse("error " + ID + " no virtio-serial port for exec_1_in")).contains(
                new Refused(ID, "no virtio-serial port for exec_1_in"));
        assertThat(AgentProtocol.parse("pid " + ID + " 123")).contains(new Started(ID, 123));
        assertThat(AgentProtocol.parse("exit " + ID + " 137\r")).contains(new Exited(ID, 137));
        assertThat(AgentProtocol.parse("done " + ID)).contains(new Done(ID));
    }

    @Test
    void linesThatAreNoReplyAreEmpty() {
        assertThat(AgentProtocol.parse("")).isEmpty();
        assertThat(AgentProtocol.parse("hello")).isEmpty();
        assertThat(AgentProtocol.parse("pid " + ID)).isEmpty();
        assertThat(AgentProtocol.parse("exit " + ID + " x")).isEmpty();
        assertThat(AgentProtocol.parse("busy " + ID + " -")).isEmpty();
        assertThat(AgentProtocol.parse("accepted not-an-id")).isEmpty();
        assertThat(AgentProtocol.parse("launch " + ID)).isEmpty();
    }

    @Test
    void execIdsAreFreshAndMarkTheirStreams() {
        String id = AgentProtocol.newExecId();
        assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo(AgentProtocol.newExecId());
        assertThat(new String(AgentProtocol.endMarker(id), StandardCharsets.US_ASCII)).isEqualTo("berth:exec:end:" + id);
    }
}
