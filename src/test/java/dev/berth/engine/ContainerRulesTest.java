package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.HealthConfig;
import dev.berth.runtime.UserSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's rules for env, users, binds, names and signals, without a runtime. */
class ContainerRulesTest {
    @TempDir
    Path rootfs;

    @Test
    void requestEnvOverridesImageEnvByKeyAndDockerAddsHostname() {
        List<String> env = ContainerService.mergeEnv(List.of("PATH=/bin", "A=1", "B=2"), List.of("A=9", "C"), "box", false);
        assertThat(env).containsExactly("PATH=/bin", "HOSTNAME=box", "A=9", "B=2", "C=");
        assertThat(ContainerService.mergeEnv(List.of(), List.of(), "h", true)).contains("TERM=xterm")
                .anyMatch(e -> e.startsWith("PATH=/usr/local/sbin"));
    }

    @Test
    void usersResolveAgainstTheContainersOwnPasswd() throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nberth:x:1000:1000::/home/berth:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nberth:x:1000:\nwheel:x:10:berth\n");
        assertThat(UserSpec.resolve("", rootfs)).isEqualTo(new UserSpec(0, 0, List.of(0)));
        assertThat(UserSpec.resolve("berth", rootfs)).isEqualTo(new UserSpec(1000, 1000, List.of(1000, 10)));
        assertThat(UserSpec.resolve("1000:wheel", rootfs)).isEqualTo(new UserSpec(1000, 10, List.of(10)));
        assertThat(UserSpec.resolve("4242:7", rootfs)).isEqualTo(new UserSpec(4242, 7, List.of(7)));
        assertThatThrownBy(() -> UserSpec.resolve("nobody-here", rootfs)).hasMessageContaining("unable to find user nobody-here");
        assertThatThrownBy(() -> UserSpec.resolve("0:nogroup", rootfs)).hasMessageContaining("unable to find group nogroup");
        assertThatThrownBy(() -> UserSpec.resolve("99999999999", rootfs)).hasMessageContaining("out of range");
    }

    @Test
    void bindSpecsFollowDockersForm() {
        assertThat(BindSpec.parse("/src:/dst:ro")).isEqualTo(new BindSpec("/src", "/dst", true));
        assertThat(BindSpec.parse("data:/var/lib/data")).isEqualTo(new BindSpec("data", "/var/lib/data", false));
        assertThatThrownBy(() -> BindSpec.parse("/src")).hasMessageContaining("invalid volume specification");
        assertThatThrownBy(() -> BindSpec.parse("/src:relative")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> BindSpec.parse("/src:/dst:rx")).hasMessageContaining("unknown mode 'rx'");
        assertThatThrownBy(() -> BindSpec.parse("/src:/")).hasMessageContaining("can't be '/'");
    }

    @Test
    void containerNamesAreCheckedAsDockerDoes() {
        assertThat(CreateContainer.validName("/web-1")).isEqualTo("web-1");
        assertThatThrownBy(() -> CreateContainer.validName("bad name")).hasMessageContaining("Invalid container name (bad name)");
        assertThatThrownBy(() -> CreateContainer.validName("-x")).hasMessageContaining("Invalid container name");
    }

    @Test
    void signalsParseByNameAndNumber() {
        assertThat(Signals.parse("SIGKILL", 15)).isEqualTo(9);
        assertThat(Signals.parse("term", 9)).isEqualTo(15);
        assertThat(Signals.parse("10", 9)).isEqualTo(10);
        assertThat(Signals.parse("", 15)).isEqualTo(15);
        assertThatThrownBy(() -> Signals.parse("SIGFOO", 15)).hasMessage("Invalid signal: SIGFOO");
        assertThatThrownBy(() -> Signals.parse("99", 15)).hasMessage("Invalid signal: 99");
    }

    @Test
    void createRequestRejectsRelativeWorkdirsAndEmptyEnvKeys() {
        HostSettings host = new HostSettings(0, 0, 0, 0, 0, List.of(), Map.of(), false, RestartPolicy.NO, false, "", "",
                Map.of(), false, List.of(), List.of(), List.of(), List.of(), Map.of());
        assertThatThrownBy(() -> new CreateContainer("", "busybox", List.of(), List.of(), false, List.of(), "tmp", "", false,
                false, false, AttachedStreams.NONE, "", Map.of(), "", host, List.of(), List.of(), Map.of(), HealthConfig.UNSET)).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> new CreateContainer("", "busybox", List.of(), List.of(), false, List.of("=x"), "", "", false,
                false, false, AttachedStreams.NONE, "", Map.of(), "", host, List.of(), List.of(), Map.of(), HealthConfig.UNSET)).hasMessageContaining("invalid environment variable");
        assertThatThrownBy(() -> new CreateContainer("", "busybox", List.of(), List.of(), false, List.of(), "", "", false,
                false, false, AttachedStreams.NONE, "", Map.of(), "", host, List.of(), List.of("data"), Map.of(), HealthConfig.UNSET))
                .hasMessageContaining("invalid volume data: the mount path must be absolute");
    }
}
