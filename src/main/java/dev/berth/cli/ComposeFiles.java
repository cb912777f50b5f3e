package dev.berth.cli;

import dev.berth.common.BerthException;
import dev.berth.compose.ComposeLoader;
import dev.berth.compose.ComposeProject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which compose files make a project, as {@code docker compose -f A -f B -p NAME --env-file F} or
 * {@code docker stack deploy -c A -c B} say; loading and checking happen here, on the client, as Compose does,
 * so relative paths and {@code .env} files are the caller's.
 */
final class ComposeFiles {
    private ComposeFiles() {}

    /**
     * @param files none: the default file of the current directory ({@code compose.yaml}, ...)
     */
    static ComposeProject load(CliContext ctx, List<Path> files, Optional<String> projectName, Optional<Path> envFile) {
        List<Path> chosen = new ArrayList<>(files);
        if (chosen.isEmpty()) {
            Path cwd = Path.of("").toAbsolutePath();
            chosen.add(ComposeLoader.defaultFile(cwd).orElseThrow(() -> BerthException.invalid(
                    "no configuration file provided: not found (looked for " + String.join(", ", ComposeLoader.DEFAULT_FILE_NAMES)
                            + " in " + cwd + "; name one with -f)")));
        }
        return ComposeLoader.load(chosen, System.getenv(), projectName, envFile, w -> ctx.err().println("WARN " + w));
    }
}
