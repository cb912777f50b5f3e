package dev.berth.compose;

import dev.berth.common.BerthException;

/**
 * A config or secret a service mounts as a read-only file.
 *
 * @param source the key of the top-level config or secret
 * @param target the absolute path of the file in the container (defaults: {@code /<source>} for configs,
 *               {@code /run/secrets/<source>} for secrets)
 * @param uid    the file's owner
 * @param gid    the file's group
 * @param mode   the file's permission bits (defaults: 0444 for configs, 0400 for secrets)
 */
public record FileMount(String source, String target, int uid, int gid, int mode) {
    public static final int CONFIG_MODE = 0444;
    public static final int SECRET_MODE = 0400;

    public FileMount {
        Checks.resourceName(source, "config or secret");
        Checks.absolutePath(target, "target");
        if (uid < 0 || gid < 0) {
            throw BerthException.invalid("uid and gid must not be negative");
        }
        if (mode < 0 || mode > 0777) {
            throw BerthException.invalid("invalid mode 0" + Integer.toOctalString(mode) + ": use permission bits such as 0440");
        }
    }
}
