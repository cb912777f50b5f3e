package dev.berth.build.dockerfile;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One parsed Dockerfile instruction. Words are kept as written (quotes included where Docker keeps them);
 * variable substitution happens while building, with the stage's ARG and ENV values at that point, in the
 * instructions where Docker substitutes ({@link Substituted}).
 */
public sealed interface Instruction {
    /** Where the instruction is and how it was written (continuations joined). */
    Location at();

    /** Instructions whose words Docker expands with ARG and ENV values (moby builder's replaceEnvAllowed). */
    sealed interface Substituted extends Instruction {}

    /** Instructions that change only the image config, no file: a build commits them without running anything. */
    sealed interface ConfigOnly extends Instruction {}

    /** The file, the first line of the instruction, and its text. */
    record Location(String file, int line, String text) {
        @Override
        public String toString() {
            return file + " line " + line;
        }
    }

    /** A command in exec form ({@code ["a","b"]}) or shell form (one string, run by the stage's SHELL). */
    record Command(List<String> args, boolean shellForm) {
        public Command {
            args = List.copyOf(args);
        }

        public static Command shell(String script) {
            return new Command(List.of(script), true);
        }
    }

    /** A here-document: the lines after the instruction up to {@code name}; {@code expand} unless the name was quoted. */
    record Heredoc(String name, String content, boolean expand) {}

    record KeyValue(String key, String value) {}

    record From(Location at, String image, Optional<String> stageName, Optional<String> platform) implements Substituted {}

    record Arg(Location at, List<ArgDeclaration> declarations) implements Substituted {
        public Arg {
            declarations = List.copyOf(declarations);
        }
    }

    /** {@code ARG NAME[=default]}. */
    record ArgDeclaration(String name, Optional<String> defaultValue) {}

    record Env(Location at, List<KeyValue> pairs) implements Substituted, ConfigOnly {
        public Env {
            pairs = List.copyOf(pairs);
        }
    }

    record Label(Location at, List<KeyValue> pairs) implements Substituted, ConfigOnly {
        public Label {
            pairs = List.copyOf(pairs);
        }
    }

    record Run(Location at, Command command, List<Heredoc> heredocs) implements Instruction {
        public Run {
            heredocs = List.copyOf(heredocs);
        }
    }

    record Cmd(Location at, Command command) implements ConfigOnly {}

    record Entrypoint(Location at, Command command) implements ConfigOnly {}

    /**
     * COPY or ADD ({@code add}). Sources are context paths or globs, heredoc names for {@link #heredocs}, or
     * (ADD only) URLs and local tars to extract.
     */
    record Copy(Location at, boolean add, List<String> sources, String destination, Optional<String> from,
                Optional<String> chown, Optional<String> chmod, List<Heredoc> heredocs) implements Substituted {
        public Copy {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
        }

        public String name() {
            return add ? "ADD" : "COPY";
        }
    }

    record Workdir(Location at, String path) implements Substituted {}

    record User(Location at, String user) implements Substituted, ConfigOnly {}

    record Expose(Location at, List<String> ports) implements Substituted, ConfigOnly {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    record Volume(Location at, List<String> paths) implements Substituted, ConfigOnly {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    record StopSignal(Location at, String signal) implements Substituted, ConfigOnly {}

    /** {@code HEALTHCHECK NONE} has test {@code ["NONE"]}; durations are zero when not given (Docker's defaults apply). */
    record Healthcheck(Location at, List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                       Duration startInterval, int retries) implements ConfigOnly {
        public Healthcheck {
            test = List.copyOf(test);
        }
    }

    record Shell(Location at, List<String> shell) implements ConfigOnly {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    /** A trigger stored in the image as written ({@code expression}), run by builds FROM that image. */
    record OnBuild(Location at, String expression) implements ConfigOnly {}

    record Maintainer(Location at, String name) implements ConfigOnly {}
}
