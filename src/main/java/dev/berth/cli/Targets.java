package dev.berth.cli;

import dev.berth.common.BerthException;
import java.util.List;
import java.util.function.Consumer;

/** Runs one action per named object, as Docker does for {@code stop a b c}: report each failure, go on, fail at the end. */
final class Targets {
    private Targets() {}

    static int forEach(CliContext ctx, List<String> names, Consumer<String> action) {
        int exit = ExitCodes.OK;
        for (String name : names) {
            try {
                action.accept(name);
            } catch (BerthException | java.io.UncheckedIOException e) {
                ctx.err().println(ErrorReport.describe(e));
                exit = ExitCodes.FAILURE;
            }
        }
        return exit;
    }
}
