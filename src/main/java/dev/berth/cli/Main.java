package dev.berth.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** {@code berth}: the CLI entry point. Exit codes follow docker's (see {@link ExitCodes}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 16 * 1024), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, System.getenv(), System.in, out, err);
        out.flush();
        System.exit(code);
    }

    /** Runs one command line against the given streams and returns the exit code. */
    static int run(String[] args, Map<String, String> environment, InputStream in, PrintStream out, PrintStream err) {
        try (CliContext ctx = new CliContext(environment, in, out, err)) {
            CommandLine root = new CommandTree(ctx).build(args);
            root.setOut(new java.io.PrintWriter(out, true))
                    .setErr(new java.io.PrintWriter(err, true))
                    .setParameterExceptionHandler((e, ignored) -> {
                        err.println("berth: " + e.getMessage());
                        err.println("See '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
                        return ExitCodes.ENGINE_ERROR;
                    })
                    .setExecutionExceptionHandler((e, line, parsed) -> {
                        out.flush();
                        err.println(ErrorReport.describe(e));
                        return ExitCodes.of(e, line.getCommandName());
                    });
            return root.execute(args);
        }
    }
}
