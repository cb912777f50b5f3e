package dev.berth.compose;

import dev.berth.common.BerthException;
import java.util.Map;

/**
 * How to build a service's image; {@link #NONE} when the service only names an image.
 *
 * @param context    the absolute path of the build context
 * @param dockerfile the Dockerfile, relative to the context unless absolute
 * @param args       build arguments
 * @param target     the stage to build, "" for the last one
 */
public record Build(String context, String dockerfile, Map<String, String> args, String target) {
    public static final Build NONE = new Build("", "", Map.of(), "");

    public Build {
        args = Checks.orderedCopy(args);
        if (context.isEmpty()) {
            if (!dockerfile.isEmpty() || !args.isEmpty() || !target.isEmpty()) {
                throw BerthException.invalid("a build needs a context");
            }
        } else {
            Checks.absolutePath(context, "build context");
            if (dockerfile.isEmpty()) {
                throw BerthException.invalid("a build needs a Dockerfile name");
            }
        }
    }

    /** Whether there is anything to build. */
    public boolean present() {
        return !context.isEmpty();
    }
}
