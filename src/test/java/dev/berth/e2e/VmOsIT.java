package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full-OS VMs on a real berthd with real QEMU (TCG): {@code berth image bootstrap debian} makes a Debian with systemd
 * from the package tarball bin/test fetched (no network here), the same image runs as a container and boots as a
 * whole machine whose own init (systemd) reaches a login prompt on the serial console, where the test logs in and
 * runs commands; the VM sits on a user network where a container resolves and reaches it by name; {@code vm stop}
 * presses the ACPI power button and the guest shuts itself down (exit 0). A disk image of the test's own boots a copy
 * of itself. Bad requests are clear errors.
 */
@Tag("qemu")
class VmOsIT extends DaemonIT {
    private static final Path PACKAGES = Path.of("/var/cache/berth/debootstrap/bookworm-amd64.tgz");
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);

    @BeforeAll
    static void needVmsAndDebianPackages() throws Exception {
        VmIT.assumeVmsCanRun();
        // Without the tarball Berth would fetch the packages from Debian's mirror, which tests must not do.
        assertThat(PACKAGES).as("bin/test fetches the Debian packages (scripts/setup.sh need_debian_bootstrap)").isRegularFile();
    }

    @Test
    void aDebootstrappedDebianBootsItsOwnInitTakesALoginOnItsConsoleAndPowersOffOnStop() throws Exception {
        assertThat(berthd.ok("image", "bootstrap", "debian")).startsWith("debian:bookworm sha256:");
        assertThat(berthd.ok("run", "--rm", "debian:bookworm", "sh", "-c", "cat /etc/debian_version; readlink /sbin/init"))
                .as("the same image as a container").startsWith("12.").contains("/lib/systemd/systemd");

        berthd.ok("network", "create", "osnet");
        String id = berthd.ok("vm", "create", "--name", "legacy", "--from-image", "debian:bookworm", "--memory", "512m",
                "--network", "osnet").strip();
        assertThat(berthd.ok("vm", "ls")).containsPattern("legacy +os +debian:bookworm +created +1 +512MiB");
        assertThat(berthd.api("GET", "/berth/v1/vms")).contains("\"Name\":\"legacy\"", "\"Kind\":\"os\"", "\"Memory\":536870912");
        berthd.ok("vm", "start", "legacy");
        awaitLog("legacy", "login: ");
        assertThat(berthd.ok("inspect", "-f", "{{.State.Status}}", "legacy").strip()).isEqualTo("running");

        String session = console("legacy", "root\r", "# ", "echo berth-$((6*7)); hostname; cat /proc/1/comm; ip -4 -o addr show eth0\r",
                "inet ");
        String address = berthd.ok("inspect", "-f", "{{.NetworkSettings.Networks.osnet.IPAddress}}", "legacy").strip();
        assertThat(session).contains("berth-42", id.substring(0, 12), "systemd", "inet " + address + "/");
        assertThat(berthd.ok("run", "--rm", "--network", "osnet", "busybox", "ping", "-c", "1", "-W", "5", "legacy"))
                .as("a container reaches the VM by name").contains("1 packets received", address);

        BerthdProcess.Result exec = berthd.berth("exec", "legacy", "true");
        assertThat(exec.err()).as(exec.toString()).contains("runs its own OS, without Berth's guest agent: log in on its console");
        assertThat(berthd.berth("vm", "clone", "legacy", "legacy-2").err()).contains("runs its own OS, which cannot take a clone's new identity");

        berthd.ok("vm", "stop", "legacy");
        assertThat(berthd.ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "legacy").strip())
                .as("shut down by its own init, not killed").isEqualTo("exited 0");
        assertThat(berthd.ok("vm", "logs", "legacy")).contains("reboot: Power down");
        berthd.ok("vm", "rm", "legacy");
        berthd.ok("network", "rm", "osnet");
    }

    /** A qcow2 disk of the test's own, an ext4 root with busybox as its init, boots a copy; the file stays as it was. */
    @Test
    void aDiskImageBootsItsOwnInitAndStaysUntouched(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        for (String d : List.of("bin", "sbin", "etc", "proc", "sys", "dev", "tmp")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        Files.createSymbolicLink(root.resolve("sbin/init"), Path.of("../bin/busybox"));
        Files.writeString(root.resolve("etc/inittab"), "::respawn:-/bin/sh\n");
        Path raw = dir.resolve("disk.raw");
        Path disk = dir.resolve("legacy.qcow2");
        run("mkfs.ext4", "-q", "-d", root.toString(), raw.toString(), "32M");
        run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), disk.toString());
        byte[] before = Files.readAllBytes(disk);

        berthd.ok("vm", "create", "--name", "from-disk", "--disk", disk.toString(), "--network", "none");
        assertThat(berthd.ok("vm", "ls")).containsPattern("from-disk +os +" + Pattern.quote(disk.toString()) + " +created");
        berthd.ok("vm", "start", "from-disk");
        String session = console("from-disk", "\r", "# ", "echo disk-$((6*7)) > /tmp/x; cat /tmp/x; cat /proc/1/cmdline\r", "disk-42");
        assertThat(session).contains("init");
        assertThat(berthd.ok("stats", "--no-stream", "--format", "{{.MemUsage}}", "from-disk").strip())
                .as("QEMU's memory on the host, against the guest's").matches("[0-9.]+MiB / 256MiB");
        berthd.ok("vm", "kill", "from-disk");
        assertThat(berthd.ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "from-disk").strip()).isEqualTo("exited 137");
        berthd.ok("vm", "rm", "from-disk");
        assertThat(Files.readAllBytes(disk)).as("the VM wrote its copy, not the user's file").isEqualTo(before);

        Path text = Files.writeString(dir.resolve("notes.txt"), "not a disk");
        berthd.ok("vm", "create", "--name", "not-a-disk", "--disk", text.toString());
        BerthdProcess.Result start = berthd.berth("vm", "start", "not-a-disk");
        assertThat(start.err()).as(start.toString()).contains("cannot mount the root disk");
        berthd.ok("vm", "rm", "not-a-disk");
        assertThat(berthd.berth("vm", "create", "--disk", dir.resolve("nosuch.qcow2").toString()).err())
                .contains("VM disk " + dir.resolve("nosuch.qcow2") + " is not a readable file");
        Path backed = dir.resolve("backed.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", disk.toString(), "-F", "qcow2", backed.toString());
        berthd.ok("vm", "create", "--name", "backed", "--disk", backed.toString());
        assertThat(berthd.berth("vm", "start", "backed").err()).contains("must be a raw or qcow2 image without a backing file");
        berthd.ok("vm", "rm", "backed");
    }

    /** --kernel, --initrd and --append: the guest's own initramfs runs as init, sees the command line, and powers off. */
    @Test
    void itsOwnKernelInitramfsAndCommandLineBoot(@TempDir Path dir) throws Exception {
        Path kernel = Files.copy(Stream.of("/boot", "/var/cache/berth/vm-kernel/boot").map(Path::of).filter(Files::isDirectory)
                .flatMap(VmOsIT::list).filter(f -> f.getFileName().toString().startsWith("vmlinuz-")).findFirst().orElseThrow(),
                dir.resolve("my-vmlinuz"));
        Path tree = Files.createDirectories(dir.resolve("initramfs"));
        Files.createDirectories(tree.resolve("bin"));
        Files.createDirectories(tree.resolve("proc"));
        Files.copy(Path.of("/bin/busybox"), tree.resolve("bin/busybox"));
        Files.writeString(tree.resolve("init"), """
                #!/bin/busybox sh
                /bin/busybox mount -t proc proc /proc
                echo "own initramfs: $(/bin/busybox cat /proc/cmdline)"
                /bin/busybox poweroff -f
                """);
        run("chmod", "755", tree.resolve("init").toString());
        run("sh", "-c", "cd '" + tree + "' && find . | cpio -o -H newc --quiet > ../my-initrd.cpio");

        berthd.ok("vm", "create", "--name", "own-kernel", "--from-image", "busybox", "--network", "none", "--kernel", kernel.toString(),
                "--initrd", dir.resolve("my-initrd.cpio").toString(), "--append", "quiet berth.test=42");
        berthd.ok("vm", "start", "own-kernel");
        assertThat(berthd.ok("vm", "wait", "own-kernel").strip()).as("powered off by itself").isEqualTo("0");
        assertThat(berthd.ok("vm", "logs", "own-kernel")).contains("own initramfs: console=ttyS0 quiet berth.test=42");
        berthd.ok("vm", "rm", "own-kernel");

        assertThat(berthd.berth("vm", "create", "--from-image", "busybox", "--initrd", dir.resolve("my-initrd.cpio").toString()).err())
                .contains("an initramfs of the VM's own (--initrd) goes with its own kernel (--kernel)");
        assertThat(berthd.berth("vm", "create", "--from-image", "busybox", "--kernel", dir.resolve("nosuch").toString()).err())
                .contains("VM kernel " + dir.resolve("nosuch") + " is not a readable file");
        assertThat(berthd.berth("run", "--label", "dev.berth.vm.kernel=" + kernel, "busybox", "true").err())
                .contains("dev.berth.vm.kernel apply to full-OS VMs only");
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList().stream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
    }

    @Test
    void badRequestsAreClearErrors() throws Exception {
        BerthdProcess.Result noImage = berthd.berth("vm", "create", "--name", "x");
        assertThat(noImage.err()).as(noImage.toString()).contains("--from-image").contains("--disk");
        assertThat(berthd.berth("vm", "create", "--from-image", "busybox", "--disk", "/tmp/x.qcow2").err()).contains("mutually exclusive");
        assertThat(berthd.berth("vm", "create", "--from-image", "nosuch:1").err()).contains("No such image: nosuch:1");
        assertThat(berthd.berth("image", "bootstrap", "debian:Bad!").err()).contains("invalid Debian suite 'Bad!'");
        assertThat(berthd.berth("image", "bootstrap", "fedora").err()).contains("unknown bootstrap image 'fedora'");
        assertThat(berthd.berth("inspect", "x").exit()).as("nothing was created").isNotZero();
    }

    /** Waits until the VM's log holds {@code text}. */
    private static void awaitLog(String vm, String text) throws Exception {
        Instant deadline = Instant.now().plus(BOOT_TIMEOUT);
        String log = "";
        while (Instant.now().isBefore(deadline)) {
            log = berthd.ok("logs", vm);
            if (log.contains(text)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(vm + " never printed \"" + text + "\"; its log:\n" + log);
    }

    /**
     * A session on {@code berth vm console}: each input is typed once the output so far holds the text before it
     * (input, expected, input, expected...); ends with ctrl-p ctrl-q. Returns everything the console showed.
     */
    private static String console(String vm, String... script) throws Exception {
        Process p = new ProcessBuilder(berthd.berthCommand("vm", "console", vm)).redirectErrorStream(true).start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> copy(p.getInputStream(), seen));
        try (OutputStream in = p.getOutputStream()) {
            for (int i = 0; i < script.length; i += 2) {
                int mark = text(seen).length();
                in.write(script[i].getBytes(StandardCharsets.UTF_8));
                in.flush();
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                while (!text(seen).substring(mark).contains(script[i + 1])) {
                    if (Instant.now().isAfter(deadline) || !p.isAlive()) {
                        throw new AssertionError("the console never showed \"" + script[i + 1] + "\" after " + script[i].strip()
                                + "; it showed:\n" + text(seen));
                    }
                    Thread.sleep(100);
                }
            }
            in.write(new byte[] {0x10, 0x11});
        }
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("console detached: " + text(seen)).isTrue();
        reader.join();
        return text(seen);
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                }
            }
        } catch (java.io.IOException e) {
            // the console ended
        }
    }
}
