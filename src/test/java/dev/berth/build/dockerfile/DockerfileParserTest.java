package dev.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.build.dockerfile.Instruction.ArgDeclaration;
import dev.berth.build.dockerfile.Instruction.Cmd;
import dev.berth.build.dockerfile.Instruction.Command;
import dev.berth.build.dockerfile.Instruction.Copy;
import dev.berth.build.dockerfile.Instruction.Entrypoint;
import dev.berth.build.dockerfile.Instruction.Env;
import dev.berth.build.dockerfile.Instruction.Expose;
import dev.berth.build.dockerfile.Instruction.Healthcheck;
import dev.berth.build.dockerfile.Instruction.KeyValue;
import dev.berth.build.dockerfile.Instruction.Label;
import dev.berth.build.dockerfile.Instruction.OnBuild;
import dev.berth.build.dockerfile.Instruction.Run;
import dev.berth.build.dockerfile.Instruction.Shell;
import dev.berth.build.dockerfile.Instruction.StopSignal;
import dev.berth.build.dockerfile.Instruction.User;
import dev.berth.build.dockerfile.Instruction.Volume;
import dev.berth.build.dockerfile.Instruction.Workdir;
import dev.berth.common.BerthException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {
    private static List<Instruction> body(String dockerfile) {
        return Dockerfile.parse("Dockerfile", dockerfile).stages().getFirst().instructions();
    }

    private static Instruction only(String instruction) {
        List<Instruction> body = body("FROM scratch\n" + instruction + "\n");
        assertThat(body).hasSize(1);
        return body.getFirst();
    }

    private static void assertParseError(String dockerfile, String... fragments) {
        assertThatThrownBy(() -> Dockerfile.parse("Dockerfile", dockerfile))
                .isInstanceOf(BerthException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void stagesWithNamesAndMetaArgs() {
        Dockerfile d = Dockerfile.parse("Dockerfile", """
                ARG BASE=busybox
                FROM ${BASE} AS Build
                RUN true
                from --platform=linux/amd64 scratch
                COPY --from=build /a /b
                """);
        assertThat(d.metaArgs()).singleElement().satisfies(a -> assertThat(a.declarations())
                .containsExactly(new ArgDeclaration("BASE", Optional.of("busybox"))));
        assertThat(d.stages()).hasSize(2);
        assertThat(d.stages().get(0).name()).contains("build");
        assertThat(d.stages().get(0).from().image()).isEqualTo("${BASE}");
        assertThat(d.stages().get(1).from().platform()).contains("linux/amd64");
        assertThat(d.stages().get(1).instructions()).singleElement().isInstanceOf(Copy.class);
    }

    @Test
    void continuationsKeepLeadingWhitespaceAndSkipCommentsAndEmptyLines() {
        Run run = (Run) body("""
                FROM scratch
                RUN echo a \\
                # a comment inside the continuation

                    b \\\t
                  c
                """).getFirst();
        assertThat(run.command()).isEqualTo(Command.shell("echo a     b   c"));
        assertThat(run.at().line()).isEqualTo(2);
    }

    @Test
    void escapeDirectiveChangesTheContinuationCharacter() {
        Dockerfile d = Dockerfile.parse("Dockerfile", """
                # syntax=docker/dockerfile:1
                # escape=`
                FROM scratch
                RUN dir c:\\ `
                  && echo done
                """);
        assertThat(d.escape()).isEqualTo('`');
        assertThat(((Run) d.stages().getFirst().instructions().getFirst()).command().args())
                .containsExactly("dir c:\\   && echo done");
    }

    @Test
    void directivesAreOnlyReadAtTheTop() {
        Dockerfile d = Dockerfile.parse("Dockerfile", "# hello\n# escape=`\nFROM scratch\n");
        assertThat(d.escape()).isEqualTo('\\');
        assertParseError("# escape=x\nFROM scratch\n", "line 1", "invalid escape token 'x'");
        assertParseError("# escape=`\n# escape=\\\nFROM scratch\n", "line 2", "only one escape parser directive");
    }

    @Test
    void execAndShellForms() {
        assertThat(((Cmd) only("CMD [\"node\", \"server.js\"]")).command()).isEqualTo(new Command(List.of("node", "server.js"), false));
        assertThat(((Entrypoint) only("ENTRYPOINT exec top -b")).command()).isEqualTo(Command.shell("exec top -b"));
        // not valid JSON: Docker runs it as a shell command
        assertThat(((Cmd) only("CMD [\"echo\", \"hi\"")).command()).isEqualTo(Command.shell("[\"echo\", \"hi\""));
        assertThat(((Run) only("RUN [ \"sh\", \"-c\", \"echo $HOME\" ]")).command().args()).containsExactly("sh", "-c", "echo $HOME");
    }

    @Test
    void envAndLabelInBothForms() {
        assertThat(((Env) only("ENV A=1 B=\"two words\" C=three\\ words")).pairs()).containsExactly(
                new KeyValue("A", "1"), new KeyValue("B", "\"two words\""), new KeyValue("C", "three\\ words"));
        assertThat(((Env) only("ENV PATH_EXTRA  /opt/bin  /x")).pairs()).containsExactly(new KeyValue("PATH_EXTRA", "/opt/bin  /x"));
        assertThat(((Label) only("LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0")).pairs()).containsExactly(
                new KeyValue("\"com.example.vendor\"", "\"ACME Inc\""), new KeyValue("version", "1.0"));
        assertThat(((Label) only("LABEL maintainer someone@example.com")).pairs())
                .containsExactly(new KeyValue("maintainer", "someone@example.com"));
        assertParseError("FROM scratch\nENV A=1 B\n", "line 2", "can't find = in \"B\"");
        assertParseError("FROM scratch\nENV onlykey\n", "ENV must have two arguments");
        assertParseError("FROM scratch\nLABEL =x\n", "LABEL names can not be blank");
    }

    @Test
    void argWithAndWithoutDefaults() {
        Instruction.Arg arg = (Instruction.Arg) only("ARG A B=2 C=\"x y\"");
        assertThat(arg.declarations()).containsExactly(new ArgDeclaration("A", Optional.empty()),
                new ArgDeclaration("B", Optional.of("2")), new ArgDeclaration("C", Optional.of("\"x y\"")));
    }

    @Test
    void copyAndAddWithFlagsAndJson() {
        Copy copy = (Copy) only("COPY --from=build --chown=app:app --chmod=0755 --link a b* /dest/");
        assertThat(copy.sources()).containsExactly("a", "b*");
        assertThat(copy.destination()).isEqualTo("/dest/");
        assertThat(copy.from()).contains("build");
        assertThat(copy.chown()).contains("app:app");
        assertThat(copy.chmod()).contains("0755");
        Copy add = (Copy) only("ADD [\"with space.txt\", \"/dst dir/\"]");
        assertThat(add.add()).isTrue();
        assertThat(add.sources()).containsExactly("with space.txt");
        assertThat(add.destination()).isEqualTo("/dst dir/");
        assertParseError("FROM scratch\nADD --from=x a b\n", "line 2", "unknown flag for ADD: --from");
        assertParseError("FROM scratch\nCOPY --chown a b\n", "missing a value on flag: --chown");
        assertParseError("FROM scratch\nCOPY --chmod=rwx a b\n", "invalid --chmod=rwx");
        assertParseError("FROM scratch\nCOPY onlyone\n", "COPY requires at least two arguments");
        assertParseError("FROM scratch\nCOPY --from=a --from=b x y\n", "duplicate flag specified: from");
    }

    @Test
    void heredocsForRunAndCopy() {
        List<Instruction> body = body("""
                FROM scratch
                RUN <<EOF
                echo one
                echo two
                EOF
                COPY <<-"END" /etc/motd
                \thello $USER
                \tEND
                RUN cat > /x <<A && cat > /y <<'B'
                a
                A
                b
                B
                CMD done
                """);
        assertThat(body).hasSize(4);
        Run first = (Run) body.get(0);
        assertThat(first.heredocs()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("EOF");
            assertThat(h.content()).isEqualTo("echo one\necho two\n");
            assertThat(h.expand()).isTrue();
        });
        Copy copy = (Copy) body.get(1);
        assertThat(copy.sources()).containsExactly("<<-\"END\"");
        assertThat(copy.heredocs()).singleElement().satisfies(h -> {
            assertThat(h.content()).isEqualTo("hello $USER\n");
            assertThat(h.expand()).isFalse();
        });
        Run two = (Run) body.get(2);
        assertThat(two.heredocs()).extracting(Instruction.Heredoc::content).containsExactly("a\n", "b\n");
        assertThat(body.get(3)).isInstanceOf(Cmd.class);
        assertParseError("FROM scratch\nRUN <<EOF\necho\n", "line 2", "unterminated heredoc");
    }

    @Test
    void everyOtherInstruction() {
        assertThat(((Workdir) only("WORKDIR /app/$SUB")).path()).isEqualTo("/app/$SUB");
        assertThat(((User) only("USER 1000:1000")).user()).isEqualTo("1000:1000");
        assertThat(((Expose) only("EXPOSE 80/tcp  53/udp 8080")).ports()).containsExactly("80/tcp", "53/udp", "8080");
        assertThat(((Volume) only("VOLUME /data /logs")).paths()).containsExactly("/data", "/logs");
        assertThat(((Volume) only("VOLUME [\"/var/lib/db\"]")).paths()).containsExactly("/var/lib/db");
        assertThat(((StopSignal) only("STOPSIGNAL SIGQUIT")).signal()).isEqualTo("SIGQUIT");
        assertThat(((Shell) only("SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]")).shell())
                .containsExactly("/bin/ash", "-eo", "pipefail", "-c");
        assertThat(((Instruction.Maintainer) only("MAINTAINER Jo <jo@example.com>")).name()).isEqualTo("Jo <jo@example.com>");
        assertThat(((OnBuild) only("ONBUILD RUN echo triggered")).expression()).isEqualTo("RUN echo triggered");
        assertParseError("FROM scratch\nSHELL /bin/sh -c\n", "SHELL requires the arguments to be in JSON form");
        assertParseError("FROM scratch\nONBUILD ONBUILD RUN x\n", "chaining ONBUILD");
        assertParseError("FROM scratch\nONBUILD FROM x\n", "FROM isn't allowed as an ONBUILD trigger");
        assertParseError("FROM scratch\nONBUILD FOO x\n", "unknown instruction: FOO");
        assertParseError("FROM scratch\nWORKDIR\n", "WORKDIR requires at least one argument");
        assertParseError("FROM scratch\nENV --x=1 A=b\n", "unknown flag for ENV: --x (ENV takes no flags)");
    }

    @Test
    void healthcheckForms() {
        Healthcheck h = (Healthcheck) only("HEALTHCHECK --interval=5m --timeout=3s --start-period=1m30s --retries=3 CMD curl -f http://localhost/ || exit 1");
        assertThat(h.test()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
        assertThat(h.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(h.startPeriod()).isEqualTo(Duration.ofSeconds(90));
        assertThat(h.retries()).isEqualTo(3);
        assertThat(((Healthcheck) only("HEALTHCHECK cmd [\"/bin/check\", \"-q\"]")).test()).containsExactly("CMD", "/bin/check", "-q");
        assertThat(((Healthcheck) only("HEALTHCHECK NONE")).test()).containsExactly("NONE");
        assertParseError("FROM scratch\nHEALTHCHECK --interval=5 CMD true\n", "invalid duration for --interval: \"5\"");
        assertParseError("FROM scratch\nHEALTHCHECK --interval=1us CMD true\n", "--interval cannot be less than 1ms");
        assertParseError("FROM scratch\nHEALTHCHECK NONE extra\n", "HEALTHCHECK NONE takes no arguments");
        assertParseError("FROM scratch\nHEALTHCHECK RUN x\n", "HEALTHCHECK needs NONE or CMD");
    }

    @Test
    void badInputNamesFileLineAndProblem() {
        assertParseError("FROM scratch\n\nRUNN echo\n", "Dockerfile line 3", "unknown instruction: RUNN");
        assertParseError("RUN echo\nFROM scratch\n", "Dockerfile line 1", "RUN before the first FROM");
        assertParseError("# only a comment\n", "no FROM instruction");
        assertParseError("FROM a b\n", "FROM requires either one or three arguments");
        assertParseError("FROM busybox AS 1st\n", "invalid name for build stage");
        assertParseError("FROM scratch\nRUN --mount=type=cache,target=/x true\n", "RUN --mount is a BuildKit feature");
    }

    @Test
    void instructionsAreCaseInsensitiveAndCrLfTolerated() {
        List<Instruction> body = body("from scratch\r\nenv A=1\r\nrun echo hi\r\n");
        assertThat(body).hasSize(2);
        assertThat(((Run) body.get(1)).command()).isEqualTo(Command.shell("echo hi"));
    }
}
