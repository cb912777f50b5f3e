package dev.berth.compose;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What reading a project needs besides its files: the directory relative paths resolve against (the first file's),
 * the variables (the caller's environment over the env file's), and where warnings go.
 */
record ProjectContext(Path directory, Function<String, Optional<String>> variables, Consumer<String> warnings) {
    /** A host path: {@code ~} is the caller's HOME, a relative path is below the project directory. */
    String hostPath(String path, KeyPath at) {
        String expanded = path;
        if (path.equals("~") || path.startsWith("~/")) {
            expanded = variables.apply("HOME").orElseThrow(() -> at.invalid("HOME is not set, so " + path + " cannot be expanded"))
                    + path.substring(1);
        } else if (path.startsWith("~")) {
            throw at.invalid("~user paths are not supported; write the path out");
        }
        return directory.resolve(expanded).normalize().toString();
    }
}
