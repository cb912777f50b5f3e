package dev.berth.runtime;

import dev.berth.common.BerthException;
import java.util.List;

/**
 * A process to run in a container: its init process or an exec'd one.
 *
 * @param args     argv; never empty
 * @param env      {@code KEY=value} entries
 * @param cwd      absolute working directory
 * @param uid      numeric user id
 * @param gid      numeric primary group id
 * @param additionalGids supplementary groups
 * @param terminal whether the process gets a pseudo-terminal
 */
public record ProcessSpec(List<String> args, List<String> env, String cwd, int uid, int gid,
                          List<Integer> additionalGids, boolean terminal) {
    public ProcessSpec {
        if (args == null || args.isEmpty()) {
            throw BerthException.invalid("no command specified (give one after the image, or use an image with CMD or ENTRYPOINT)");
        }
        if (cwd == null || !cwd.startsWith("/")) {
            throw BerthException.invalid("working directory must be an absolute path: " + cwd);
        }
        args = List.copyOf(args);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
    }
}
