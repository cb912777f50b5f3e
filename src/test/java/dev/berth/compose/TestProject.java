package dev.berth.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A project directory with compose files written by a test, loaded as the CLI would load it. */
final class TestProject {
    final Path dir;
    final Map<String, String> environment = new HashMap<>();
    final List<String> warnings = new ArrayList<>();

    TestProject(Path dir) {
        this.dir = dir;
    }

    TestProject write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the named files, in order, with the project name "test" unless a test says otherwise. */
    ComposeProject load(String... files) {
        return loadAs(Optional.of("test"), files);
    }

    ComposeProject loadAs(Optional<String> name, String... files) {
        List<Path> paths = Arrays.stream(files).map(dir::resolve).toList();
        return ComposeLoader.load(paths, environment, name, Optional.empty(), warnings::add);
    }

    /** Writes {@code yaml} as compose.yaml and loads it. */
    ComposeProject loadYaml(String yaml) {
        return write("compose.yaml", yaml).load("compose.yaml");
    }

    /** The service of the single-service file {@code yaml}. */
    Service service(String yaml) {
        return loadYaml(yaml).services().values().iterator().next();
    }

    /** The message of the invalid-argument error loading the named files fails with. */
    String error(String... files) {
        BerthException e = catchThrowableOfType(BerthException.class, () -> load(files));
        assertThat(e).as("loading %s should fail", List.of(files)).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        return e.getMessage();
    }

    String errorOf(String yaml) {
        return write("compose.yaml", yaml).error("compose.yaml");
    }
}
