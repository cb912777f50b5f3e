package dev.berth.build.dockerfile;

import dev.berth.build.dockerfile.Instruction.Arg;
import dev.berth.build.dockerfile.Instruction.From;
import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile: the ARGs before the first FROM (usable only in FROM lines) and the build stages in order.
 *
 * @param escape the escape character from the {@code # escape=} directive ({@code \} by default)
 */
public record Dockerfile(String file, char escape, List<Arg> metaArgs, List<Stage> stages) {
    public Dockerfile {
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
    }

    /** One stage: its FROM and the instructions up to the next FROM. */
    public record Stage(int index, From from, List<Instruction> instructions) {
        public Stage {
            instructions = List.copyOf(instructions);
        }

        /** The name after {@code AS}, lower case, if any. */
        public Optional<String> name() {
            return from.stageName();
        }
    }

    public static Dockerfile parse(String file, String content) {
        return DockerfileParser.parse(file, content);
    }

    /** Instructions outside any stage, no FROM needed ({@code docker commit --change}), with the escape they use. */
    public record Fragment(char escape, List<Instruction> instructions) {
        public Fragment {
            instructions = List.copyOf(instructions);
        }
    }

    /** Parses {@code content} as instructions only: parser directives, comments and continuations as in a Dockerfile. */
    public static Fragment parseFragment(String file, String content) {
        return DockerfileParser.parseFragment(file, content);
    }

    /** Parses an ONBUILD trigger stored in a base image ({@code RUN echo hi}) as the instruction it runs. */
    public static Instruction trigger(Instruction.Location at, String text, char escape) {
        return DockerfileParser.trigger(at, text, escape);
    }
}
