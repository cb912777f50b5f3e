package dev.berth.runtime.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A VM's memory and device state to and from a file, with QEMU's migration over QMP: {@code migrate} to an
 * {@code exec:} URI on one side, {@code migrate-incoming} from one into a QEMU started with {@code -incoming defer}
 * on the other (QEMU 7.2 has no {@code file:} URI yet, and a JVM cannot pass QEMU a file descriptor).
 */
final class Migration {
    /**
     * QEMU 7.2 migrates at 32 MiB/s unless told otherwise; the VM is paused and the target is a local file, so as fast
     * as it goes.
     */
    private static final long UNLIMITED_BYTES_PER_SECOND = 1L << 40;
    private static final Duration POLL = Duration.ofMillis(10);

    private Migration() {}

    /**
     * Writes the state of the paused VM behind {@code qmp} into {@code file} and returns once it is all there. QEMU
     * stays paused (status postmigrate) with its disks flushed and released, which {@code cont} takes back.
     */
    static void save(Path qmp, Path file, Duration timeout) {
        Qmp.execute(qmp, List.of(
                new Qmp.Command("migrate-set-parameters", Map.of("max-bandwidth", UNLIMITED_BYTES_PER_SECOND)),
                new Qmp.Command("migrate", Map.of("uri", "exec:cat > " + GuestScript.quote(file.toString())))));
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode state = Qmp.execute(qmp, "query-migrate");
            switch (state.path("status").asText()) {
                case "completed" -> {
                    return;
                }
                case "failed", "cancelled" -> throw BerthException.internal("QEMU could not save the VM's memory to %s: %s"
                        .formatted(file, state.path("error-desc").asText("no reason given")));
                default -> {
                    if (Instant.now().isAfter(deadline)) {
                        Qmp.execute(qmp, "migrate_cancel");
                        throw BerthException.internal("saving the VM's memory to %s took longer than %s".formatted(file, timeout));
                    }
                    sleep();
                }
            }
        }
    }

    /**
     * Loads {@code file} into the QEMU behind {@code qmp}, started with {@code -incoming defer} and waiting, and returns
     * once the VM runs (it was paused when saved, and so it is when loaded, until {@code cont}). Announcements of the NIC after the load are turned off: a clone's guest still has the MAC of
     * the VM it was cloned from until it is told its own, and its announcements would pull that VM's frames to it.
     */
    static void load(Path qmp, Path file, ProcessHandle qemu, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        awaitMonitor(qmp, qemu, deadline);
        Qmp.execute(qmp, List.of(new Qmp.Command("migrate-set-parameters", Map.of("announce-rounds", 0)),
                new Qmp.Command("migrate-incoming", Map.of("uri", "exec:cat " + GuestScript.quote(file.toString())))));
        while (true) {
            // QEMU exits when a load fails, saying why on its stderr.
            if (!qemu.isAlive()) {
                throw BerthException.internal("QEMU could not resume the VM from " + file);
            }
            String status = queryStatus(qmp, qemu);
            if (status.equals("running")) {
                return;
            }
            if (status.equals("paused")) { // as the VM was when saved; QEMU keeps a loaded VM in that state
                Qmp.execute(qmp, "cont");
                continue;
            }
            if (Instant.now().isAfter(deadline)) {
                throw BerthException.internal("resuming the VM from %s took longer than %s (status %s)".formatted(file, timeout, status));
            }
            sleep();
        }
    }

    /** QEMU's run state; "gone" when it exited meanwhile. */
    private static String queryStatus(Path qmp, ProcessHandle qemu) {
        try {
            return Qmp.execute(qmp, "query-status").path("status").asText();
        } catch (BerthException e) {
            if (!qemu.isAlive()) {
                return "gone";
            }
            throw e;
        }
    }

    /** Waits until a freshly launched QEMU listens on its QMP socket. */
    private static void awaitMonitor(Path qmp, ProcessHandle qemu, Instant deadline) {
        while (true) {
            try {
                Qmp.execute(qmp, List.of());
                return;
            } catch (BerthException e) {
                if (!qemu.isAlive() || Instant.now().isAfter(deadline)) {
                    throw BerthException.internal("QEMU did not open its monitor socket " + qmp + (qemu.isAlive() ? " in time" : ": it exited"));
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.internal("interrupted while QEMU migrated a VM");
        }
    }
}
