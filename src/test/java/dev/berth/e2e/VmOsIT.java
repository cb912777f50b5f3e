package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Full-OS VMs on a real berthd with real QEMU (TCG): {@code berth image bootstrap debian} makes a Debian with systemd
 * from the package tarball bin/test fetched (no network here), the same image runs as a container and boots as a
 * whole machine whose own init (systemd) reaches a login prompt on the serial console, where the test logs in and
 * runs commands; the VM sits on a user network where a container resolves and reaches it by name; {@code vm stop}
 * presses the ACPI power button and the guest shuts itself down (exit 0). Bad requests are clear errors.
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
        assertThat(berthd.ok("vm", "ls")).containsPattern("legacy +os +debian:bookworm +Created");
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

    @Test
    void badRequestsAreClearErrors() throws Exception {
        BerthdProcess.Result noImage = berthd.berth("vm", "create", "--name", "x");
        assertThat(noImage.err()).as(noImage.toString()).contains("--from-image");
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
