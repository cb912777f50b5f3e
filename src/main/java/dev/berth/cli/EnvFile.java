package dev.berth.cli;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Docker's {@code --env-file} format (opts/envfile.go): one {@code KEY=VALUE} a line, leading blanks and
 * {@code #} comment lines ignored, the value taken verbatim (no quotes, no trimming); a bare {@code KEY} takes
 * the CLI's own environment value and is dropped when that is unset.
 */
final class EnvFile {
    private EnvFile() {}

    static List<String> read(Path file, Function<String, Optional<String>> environment) {
        try {
            return parse(Files.readAllLines(file), environment, file.toString());
        } catch (MalformedInputException e) {
            throw BerthException.invalid("env file " + file + " is not valid UTF-8");
        } catch (IOException e) {
            throw BerthException.invalid("cannot read env file " + file + ": " + e.getMessage());
        }
    }

    static List<String> parse(List<String> lines, Function<String, Optional<String>> environment, String source) {
        List<String> env = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq);
            if (name.isEmpty()) {
                throw BerthException.invalid("invalid environment variable in " + source + " line " + (i + 1) + ": '" + line + "' has no name");
            }
            if (name.chars().anyMatch(Character::isWhitespace)) {
                throw BerthException.invalid("invalid environment variable in " + source + " line " + (i + 1)
                        + ": variable '" + name + "' contains whitespaces");
            }
            if (eq >= 0) {
                env.add(line);
            } else {
                environment.apply(name).ifPresent(v -> env.add(name + "=" + v));
            }
        }
        return env;
    }
}
