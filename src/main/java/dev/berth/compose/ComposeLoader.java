package dev.berth.compose;

import dev.berth.common.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns compose files into one validated {@link ComposeProject}, as {@code docker compose} reads them: each file is
 * parsed (anchors, merge keys), interpolated with the caller's environment over the project's {@code .env}, its
 * short syntaxes expanded; the files are merged in order (13-merge.md); the result is checked key by key and
 * resolved (defaults, absolute paths against the project directory, env files, config and secret contents).
 * Errors are {@link BerthException}s of kind invalid that name the file, the key path and what is wrong.
 */
public final class ComposeLoader {
    /** The names {@code docker compose} looks for in a directory, in its order of preference. */
    public static final List<String> DEFAULT_FILE_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

    private ComposeLoader() {}

    /** As {@link #load(List, Map, Optional, Optional, Consumer)}, dropping warnings. */
    public static ComposeProject load(List<Path> files, Map<String, String> environment, Optional<String> projectName,
                                      Optional<Path> envFile) {
        return load(files, environment, projectName, envFile, warning -> {});
    }

    /**
     * Loads a project.
     *
     * @param files       the compose files, merged in this order; the first one's directory is the project
     *                    directory, against which relative paths in every file are resolved
     * @param environment the caller's environment; it wins over the {@code .env} file
     * @param projectName the project name from the command line; else the files' {@code name:}, else the project
     *                    directory's name made valid as Compose does
     * @param envFile     the file of interpolation variables; without it, {@code .env} in the project directory if present
     * @param warnings    receives what Compose would warn about, each once: unset variables, the obsolete {@code version}
     */
    public static ComposeProject load(List<Path> files, Map<String, String> environment, Optional<String> projectName,
                                      Optional<Path> envFile, Consumer<String> warnings) {
        if (files.isEmpty()) {
            throw BerthException.invalid("no compose file given: name one with -f (or -c), e.g. compose.yaml");
        }
        Path projectDirectory = files.getFirst().toAbsolutePath().normalize().getParent();
        Set<String> warned = new HashSet<>();
        Consumer<String> once = warning -> {
            if (warned.add(warning)) {
                warnings.accept(warning);
            }
        };
        Function<String, Optional<String>> variables = variables(environment, projectDirectory, envFile, once);
        Interpolation interpolation = new Interpolation(variables, once);
        List<YamlNode.Mapping> trees = files.stream()
                .map(file -> ShortSyntax.expand(interpolation.apply(YamlReader.read(file, file.toString()))))
                .toList();
        return new ProjectReader(new ProjectContext(projectDirectory, variables, once), projectName).read(ComposeMerge.merge(trees));
    }

    /** The compose file {@code docker compose} would pick in {@code directory}, if any. */
    public static Optional<Path> defaultFile(Path directory) {
        return DEFAULT_FILE_NAMES.stream().map(directory::resolve).filter(Files::isRegularFile).findFirst();
    }

    /** The caller's environment over the env file's variables (which may use the caller's in their values). */
    private static Function<String, Optional<String>> variables(Map<String, String> environment, Path projectDirectory,
                                                                Optional<Path> envFile, Consumer<String> warnings) {
        Function<String, Optional<String>> callers = name -> Optional.ofNullable(environment.get(name));
        Path file = envFile.orElse(projectDirectory.resolve(".env"));
        Map<String, String> variables = new HashMap<>();
        if (envFile.isPresent() || Files.isRegularFile(file)) {
            variables.putAll(DotEnv.read(file, file.toString(), callers, warnings));
        }
        variables.putAll(environment);
        return name -> Optional.ofNullable(variables.get(name));
    }
}
