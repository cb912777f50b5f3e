package dev.berth.runtime;

import dev.berth.common.BerthException;
import java.util.regex.Pattern;

/**
 * A snapshot of a VM: its memory and root disk at one moment, named per VM.
 *
 * @param vmId the 64-hex id of the VM it was taken of
 * @param name its name, unique per VM: letters, digits, '_', '.', '-', starting with a letter or digit
 */
public record VmSnapshotRef(String vmId, String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public VmSnapshotRef {
        RuntimeDirectories.requireId(vmId);
        if (name == null || !NAME.matcher(name).matches()) {
            throw BerthException.invalid("invalid snapshot name '" + name
                    + "': use up to 64 letters, digits, '_', '.' and '-', starting with a letter or digit");
        }
    }
}
