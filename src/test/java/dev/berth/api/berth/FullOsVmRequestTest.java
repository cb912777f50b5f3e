package dev.berth.api.berth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.GuestOs;
import dev.berth.common.Json;
import dev.berth.engine.CreateContainer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullOsVmRequestTest {
    @Test
    void becomesTheContainerCreateOfAVmWithItsOwnInitAndAConsole() {
        CreateContainer c = parse("""
                {"Disk": "/vm/legacy.qcow2", "Kernel": "/vm/vmlinuz", "Append": "root=/dev/vda1", "Memory": 536870912,
                 "NanoCpus": 2000000000, "Network": "lan", "DiskSize": "2G", "PortBindings": {"22/tcp": [{"HostPort": "2222"}]},
                 "Labels": {"team": "ops"}}""");
        assertThat(c.image()).isEqualTo("/vm/legacy.qcow2");
        assertThat(c.cmd()).containsExactly("/sbin/init");
        assertThat(c.tty()).isTrue();
        assertThat(c.openStdin()).isTrue();
        assertThat(c.labels()).containsEntry(GuestOs.BOOT_LABEL, GuestOs.OS).containsEntry(GuestOs.DISK_LABEL, "/vm/legacy.qcow2")
                .containsEntry(GuestOs.KERNEL_LABEL, "/vm/vmlinuz").containsEntry(GuestOs.APPEND_LABEL, "root=/dev/vda1")
                .containsEntry("team", "ops").doesNotContainKey(GuestOs.INITRD_LABEL);
        assertThat(c.host().isolation()).isEqualTo("vm");
        assertThat(c.host().memory()).isEqualTo(536870912L);
        assertThat(c.host().nanoCpus()).isEqualTo(2_000_000_000L);
        assertThat(c.host().networkMode()).isEqualTo("lan");
        assertThat(c.host().diskBytes()).isEqualTo(2L << 30);
        assertThat(c.host().portBindings()).containsKey("22/tcp");
        assertThat(c.exposedPorts()).isEqualTo(List.of("22/tcp"));
        assertThat(parse("{\"Image\": \"debian:bookworm\", \"Init\": \"/lib/systemd/systemd\"}").cmd()).containsExactly("/lib/systemd/systemd");
    }

    @Test
    void refusesWhatItDoesNotKnowAndNeedsExactlyOneSource() {
        assertThatThrownBy(() -> parse("{\"Image\": \"debian\", \"Privileged\": true}")).hasMessageContaining("unknown field Privileged in a VM config");
        assertThatThrownBy(() -> parse("{\"Image\": \"debian\", \"Disk\": \"/d.qcow2\"}")).hasMessageContaining("give one of them");
        assertThatThrownBy(() -> parse("{}")).hasMessageContaining("give one of them");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("want a JSON object");
        assertThatThrownBy(() -> parse("{\"Image\": \"debian\", \"Labels\": []}")).hasMessageContaining("invalid type for field Labels");
    }

    private static CreateContainer parse(String json) {
        return FullOsVmRequest.parse(Json.tree(json.getBytes(StandardCharsets.UTF_8), "test body"), "legacy");
    }
}
