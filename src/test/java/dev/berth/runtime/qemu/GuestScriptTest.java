package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.GuestOs;
import dev.berth.common.Mount;
import dev.berth.runtime.ContainerSpec;
import dev.berth.runtime.Isolation;
import dev.berth.runtime.ProcessSpec;
import dev.berth.runtime.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestScriptTest {
    @TempDir
    Path dir;

    @Test
    void runsTheProcessThroughNsenterWithExactlyItsEnvWorkdirAndIds() {
        GuestScript script = GuestScript.of(spec(new ProcessSpec(List.of("sh", "-c", "echo it's $HOME"), List.of("HOME=/root", "A=b c"),
                "/srv/app", 1000, 1001, List.of(), false), List.of(), false));
        assertThat(script.script()).isEqualTo("""
                hostname 'vm-host'
                mkdir -p '/newroot/srv/app' || fail 'cannot make the working directory /srv/app'
                run_process() {
                    exec env -i 'HOME=/root' 'A=b c' /bin/busybox nsenter '-r/newroot' '-w/newroot/srv/app' -S 1000 -G 1001 -F 'sh' '-c' 'echo it'\\''s $HOME'
                }
                """);
        assertThat(script.files()).isEmpty();
    }

    @Test
    void quotesEveryValueOnOneLineWithNewlinesFromTheInitsNlVariable() {
        assertThat(GuestScript.quote("a'b\nc $x")).isEqualTo("'a'\\''b'\"$nl\"'c $x'");
        assertThat(GuestScript.command(new ProcessSpec(List.of("sh", "-c", "echo 1\necho 2"), List.of(), "/", 0, 0, List.of(), false)))
                .isEqualTo("env -i /bin/busybox nsenter '-r/newroot' '-w/newroot/' -S 0 -G 0 -F 'sh' '-c' 'echo 1'\"$nl\"'echo 2'");
    }

    @Test
    void copiesBoundFilesInAndMountsTmpfs() throws IOException {
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
        GuestScript script = GuestScript.of(spec(process(), List.of(Mount.bind(hosts.toString(), "/etc/hosts", false),
                new Mount("tmpfs", "tmpfs", "/scratch", List.of("nosuid", "size=1m"))), true));
        assertThat(script.script()).contains("copy_file 0 '/etc/hosts'\n", "mount_tmpfs '/scratch' 'nosuid,size=1m'\n",
                "mkdir -p '/newroot/' || fail 'cannot make the working directory /'\nmount -o remount,ro /newroot");
        assertThat(script.files()).singleElement().satisfies(f -> assertThat(new String(f)).isEqualTo("127.0.0.1 localhost\n"));
    }

    @Test
    void readOnlyFilesAreBoundFromTheGuestsRamWithTheHostFilesModeAndOwner() throws IOException {
        Path secret = Files.writeString(dir.resolve("token"), "s3cr3t");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        GuestScript script = GuestScript.of(spec(process(), List.of(Mount.bind(secret.toString(), "/run/secrets/token", true)), false));
        int uid = (Integer) Files.getAttribute(secret, "unix:uid");
        int gid = (Integer) Files.getAttribute(secret, "unix:gid");
        assertThat(script.script()).contains("bind_file 0 '/run/secrets/token' 400 " + uid + " " + gid + "\n")
                .doesNotContain("copy_file");
        assertThat(GuestScript.identity(spec(process(), List.of(Mount.bind(secret.toString(), "/run/secrets/token", true)), false),
                Optional.empty())).as("a resumed guest keeps its read-only files bound").doesNotContain("token");
    }

    @Test
    void theIdentityOfAResumedGuestIsItsHostnameNicAndCopiedFilesBase64Encoded() throws IOException {
        Path hosts = Files.writeString(dir.resolve("hosts"), "10.88.0.3\tnew-host\n");
        GuestNetwork network = new GuestNetwork(Path.of("/run/netns/berth-x"), "02:42:0a:58:00:03", "10.88.0.3/16", Optional.empty());
        assertThat(GuestScript.identity(spec(process(), List.of(Mount.bind(hosts.toString(), "/etc/hosts", false),
                new Mount("tmpfs", "tmpfs", "/scratch", List.of())), false), Optional.of(network))).isEqualTo("""
                hostname 'vm-host' || exit 1
                ip link set dev eth0 address '02:42:0a:58:00:03' || exit 1
                ip addr flush dev eth0 && ip addr add '10.88.0.3/16' dev eth0 && ip link set eth0 up || exit 1
                echo MTAuODguMC4zCW5ldy1ob3N0Cg== | /bin/busybox base64 -d > '/newroot/etc/hosts' || exit 1
                """);
    }

    @Test
    void configuresTheNetworkRightAfterTheHostname() {
        GuestNetwork network = new GuestNetwork(Path.of("/run/netns/berth-x"), "02:42:0a:58:00:02", "10.88.0.2/16",
                Optional.of("10.88.0.1"));
        assertThat(GuestScript.of(spec(process(), List.of(), false), Optional.of(network)).script())
                .startsWith("hostname 'vm-host'\nnetwork '10.88.0.2/16' '10.88.0.1'\nmkdir -p '/newroot/' ");
    }

    @Test
    void refusesDirectoryBindsAndTerminals() {
        assertThatThrownBy(() -> GuestScript.of(spec(process(), List.of(Mount.bind(dir.toString(), "/data", false)), false)))
                .hasMessageContaining("VMs cannot bind-mount " + dir + " on /data");
        assertThatThrownBy(() -> GuestScript.of(spec(new ProcessSpec(List.of("sh"), List.of(), "/", 0, 0, List.of(), true), List.of(), false)))
                .hasMessageContaining("VMs that run an image have no terminal yet");
    }

    @Test
    void aFullOsVmHandsTheMachineToItsOwnInitWithItsTerminal() {
        ProcessSpec init = new ProcessSpec(List.of("/sbin/init", "quiet"), List.of(), "/", 0, 0, List.of(), true);
        ContainerSpec spec = new ContainerSpec("cd".repeat(32), Path.of("/rootfs"), false, init, "legacy", List.of(), Resources.UNLIMITED,
                ContainerSpec.NetworkMode.NONE, Map.of(GuestOs.BOOT_LABEL, GuestOs.OS), ContainerSpec.Stdin.KEEP_OPEN, null, Isolation.VM, "", 0);
        String script = GuestScript.of(spec).script();
        assertThat(script).startsWith("hostname 'legacy'\n").endsWith("boot_os '/sbin/init' 'quiet'\n").doesNotContain("run_process");
    }

    private static ProcessSpec process() {
        return new ProcessSpec(List.of("true"), List.of(), "/", 0, 0, List.of(), false);
    }

    private static ContainerSpec spec(ProcessSpec process, List<Mount> mounts, boolean readOnly) {
        return new ContainerSpec("cd".repeat(32), Path.of("/rootfs"), readOnly, process, "vm-host", mounts, Resources.UNLIMITED,
                ContainerSpec.NetworkMode.NONE, Map.of(), ContainerSpec.Stdin.NONE, null, Isolation.VM, "", 0);
    }
}
