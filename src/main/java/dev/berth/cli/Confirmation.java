package dev.berth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Docker's y/N prompt before a prune: only "y" (any case) goes ahead. */
final class Confirmation {
    private Confirmation() {}

    static boolean ask(CliContext ctx, String warning) throws IOException {
        ctx.out().print(warning + "\nAre you sure you want to continue? [y/N] ");
        ctx.out().flush();
        String answer = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }
}
