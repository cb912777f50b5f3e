package dev.berth.runtime.qemu;

import dev.berth.common.BerthException;
import dev.berth.runtime.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;

/**
 * Gives a guest resumed from a snapshot its VM's identity: the VM's identity script ({@link GuestScript#identity}:
 * hostname, NIC, copied files), run as root in the initramfs through the guest agent, then the clock, which a resumed
 * guest has at the snapshot's moment, as its kernel does not know that time went by.
 */
final class GuestIdentity {
    private GuestIdentity() {}

    static void take(GuestAgent agent, VmDirs dirs) {
        String script;
        try {
            script = Files.readString(dirs.identity()) + "/bin/busybox date -s @" + Instant.now().getEpochSecond() + " > /dev/null || exit 1\n";
        } catch (NoSuchFileException e) {
            throw BerthException.conflict("VM %s was created by an older berthd that wrote no identity for it: start it afresh".formatted(dirs.id()));
        } catch (IOException e) {
            throw BerthException.internal("cannot read the identity of VM %s: %s".formatted(dirs.id(), e.getMessage()), e);
        }
        try (ExecProcess process = agent.exec("/bin/sh -c " + GuestScript.quote(script), false)) {
            Thread drain = Thread.ofVirtual().start(() -> readQuietly(process.stdout()));
            String errors = new String(process.stderr().readAllBytes(), StandardCharsets.UTF_8);
            drain.join();
            int code = process.awaitExit(GuestAgent.TIMEOUT).orElseThrow(() -> BerthException.internal(
                    "the guest of VM %s did not take its identity within %s".formatted(dirs.id(), GuestAgent.TIMEOUT)));
            if (code != 0) {
                throw BerthException.internal("the guest of VM %s could not take its identity (exit %d): %s"
                        .formatted(dirs.id(), code, errors.strip()));
            }
        } catch (IOException e) {
            throw BerthException.internal("lost the guest agent of VM %s: %s".formatted(dirs.id(), e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.internal("interrupted while VM %s took its identity".formatted(dirs.id()));
        }
    }

    private static void readQuietly(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the exec's end is what matters, and awaitExit reports it
        }
    }
}
