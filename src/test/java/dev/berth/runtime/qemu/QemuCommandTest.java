package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QemuCommandTest {
    private static final String ID = "ab".repeat(32);
    private static final VmDirs DIRS = new VmDirs(Path.of("/run/berth/vm"), Path.of("/var/lib/berth/vm-logs"), ID);

    @Test
    void bootsAMicrovmWithTheKernelInitrdDiskAndResources() {
        List<String> argv = new QemuCommand(Path.of("/usr/bin/qemu-system-x86_64"), Path.of("/boot/vmlinuz-6.1"), DIRS, "tcg", 2, 512, 0, Optional.empty()).argv();
        assertThat(argv.getFirst()).isEqualTo("/usr/bin/qemu-system-x86_64");
        assertThat(String.join(" ", argv)).contains("-machine microvm -accel tcg -cpu max -smp 2 -m 512M -nodefaults")
                .contains("-kernel /boot/vmlinuz-6.1 -initrd /run/berth/vm/vms/" + ID + "/initrd.cpio")
                .contains("-append console=ttyS0 quiet panic=-1 -serial")
                .contains("-drive id=root,if=none,format=qcow2,file=/run/berth/vm/vms/" + ID + "/root.qcow2")
                .contains("-qmp unix:/run/berth/vm/sock/" + ID.substring(0, 16) + ".qmp,server=on,wait=off")
                .doesNotContain("-incoming");
    }

    @Test
    void namesEveryPortTheGuestInitLooksFor() {
        String line = String.join(" ", new QemuCommand(Path.of("qemu"), Path.of("k"), DIRS, "kvm", 1, 256, 0, Optional.empty()).argv());
        assertThat(line).contains("-chardev file,id=out,append=on,path=/run/berth/vm/vms/" + ID
                        + "/stdout -device virtserialport,id=out,chardev=out,name=berth.stdout,nr=1")
                .contains("-chardev file,id=err,append=on,path=").contains("name=berth.stderr,nr=2")
                .contains("-chardev file,id=status,append=on,path=").contains("name=berth.status,nr=3")
                .contains("-chardev pipe,id=signal,path=/run/berth/vm/vms/" + ID + "/signal -device virtserialport,id=signal,chardev=signal,name=berth.signal,nr=4")
                .contains("-chardev socket,id=agent,path=/run/berth/vm/sock/" + ID.substring(0, 16) + "/agent,server=on,wait=off"
                        + " -device virtserialport,id=agent,chardev=agent,name=berth.agent,nr=5")
                .doesNotContain("berth.exec"); // plugged in at the first exec
        assertThat(line).contains("-device virtio-serial-device,id=berth-serial ");
    }

    @Test
    void tellsTheKernelTheTscFrequencyWhenKnown() {
        List<String> argv = new QemuCommand(Path.of("qemu"), Path.of("k"), DIRS, "tcg", 1, 256, 2_596_124, Optional.empty()).argv();
        assertThat(argv.get(argv.indexOf("-append") + 1)).isEqualTo("console=ttyS0 quiet panic=-1 tsc_early_khz=2596124");
    }

    @Test
    void addsTheGuestsNicOnlyForAVmWithANetwork() {
        GuestNetwork network = new GuestNetwork(Path.of("/run/netns/berth-x"), "02:42:0a:58:00:02", "10.88.0.2/16", Optional.empty());
        String with = String.join(" ", new QemuCommand(Path.of("qemu"), Path.of("k"), DIRS, "tcg", 1, 256, 0, Optional.of(network)).argv());
        assertThat(with).contains("-netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device virtio-net-device,netdev=n0,mac=02:42:0a:58:00:02");
        assertThat(new QemuCommand(Path.of("qemu"), Path.of("k"), DIRS, "tcg", 1, 256, 0, Optional.empty()).argv()).doesNotContain("-netdev");
    }

    @Test
    void doublesCommasInPathsBecauseQemuSplitsOptionsAtThem() {
        VmDirs odd = new VmDirs(Path.of("/tmp/a,b"), Path.of("/logs"), ID);
        List<String> argv = new QemuCommand(Path.of("qemu"), Path.of("k"), odd, "tcg", 1, 256, 0, Optional.empty()).argv();
        assertThat(argv).contains("id=root,if=none,format=qcow2,file=/tmp/a,,b/vms/" + ID + "/root.qcow2");
    }

    /** A snapshot's virtio-serial state names ports by number: a resumed machine must number them as the snapshot's did. */
    @Test
    void resumingFromASnapshotWaitsForItsMemoryWithItsExecPortsNumberedAsPluggedIn() {
        List<String> ports = List.of(GuestAgent.portName(0, "in"), GuestAgent.portName(0, "out"), GuestAgent.portName(2, "err"));
        String line = String.join(" ", new QemuCommand(Path.of("qemu"), Path.of("k"), DIRS, "tcg", 1, 256, 0, Optional.empty(),
                ports, true, false, Optional.empty()).argv());
        assertThat(line).contains("-chardev socket,id=berth.exec.0.in,path=/run/berth/vm/sock/" + ID.substring(0, 16)
                        + "/0.in,server=on,wait=off -device virtserialport,id=berth.exec.0.in,chardev=berth.exec.0.in,name=berth.exec.0.in,nr=6")
                .contains("name=berth.exec.0.out,nr=7").contains("name=berth.exec.2.err,nr=14")
                .endsWith("-incoming defer");
        assertThat(QemuCommand.portNumber(GuestAgent.portName(GuestAgent.SLOTS - 1, "err"))).isLessThan(31); // a device's ports: 0..30
    }

    @Test
    void aGuestsOwnKernelGetsItsCommandLineWithTheSerialConsoleUnlessItNamesOne() {
        assertThat(String.join(" ", new QemuCommand(Path.of("qemu"), Path.of("k"), DIRS, "tcg", 1, 256, 0, Optional.empty(),
                List.of(), false, true, Optional.of("root=/dev/vda ro")).argv())).contains("-append console=ttyS0 root=/dev/vda ro -");
        assertThat(new QemuCommand(Path.of("qemu"), Path.of("k"), DIRS, "tcg", 1, 256, 0, Optional.empty(),
                List.of(), false, true, Optional.of("console=hvc0 quiet")).argv()).containsSequence("-append", "console=hvc0 quiet");
    }

    @Test
    void aFullOsVmHasItsSerialPortAsAConsoleOnASocket() {
        String line = String.join(" ", new QemuCommand(Path.of("qemu"), Path.of("k"), DIRS, "tcg", 1, 256, 0, Optional.empty(),
                List.of(), false, true, Optional.empty()).argv());
        assertThat(line).contains("-serial chardev:console")
                .contains("-chardev socket,id=console,path=" + DIRS.consoleSocket() + ",server=on,wait=off")
                .doesNotContain("file:" + DIRS.console());
    }
}
