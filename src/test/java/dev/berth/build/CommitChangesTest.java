package dev.berth.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import dev.berth.image.ImageConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code docker commit --change}: the builder's instructions on a container's config, as dockerd applies them. */
class CommitChangesTest {
    private static final ImageConfig CONTAINER = new ImageConfig("", Map.of(), List.of("PATH=/bin", "GREETING=hi"),
            List.of(), List.of("httpd", "-f"), Map.of(), "/srv", Map.of("team", "web"), "", null, List.of("RUN echo base"), null);

    private static ImageConfig apply(String... changes) {
        return CommitChanges.parse(List.of(changes)).applyTo(CONTAINER);
    }

    @Test
    void eachChangeSetsWhatItsInstructionSetsInABuild() {
        ImageConfig c = apply("CMD [\"echo\", \"committed\"]", "ENV GREETING=hello SHOUT=${GREETING}!", "EXPOSE 8080 53/udp",
                "LABEL team=db tier=2", "USER 1000:1000", "VOLUME /data", "WORKDIR logs", "ONBUILD RUN echo next",
                "STOPSIGNAL SIGINT", "HEALTHCHECK --interval=5s CMD true");
        assertThat(c.cmd()).containsExactly("echo", "committed");
        assertThat(c.env()).as("variables expand from the environment before the line")
                .containsExactly("PATH=/bin", "GREETING=hello", "SHOUT=hi!");
        assertThat(c.exposedPorts()).containsOnlyKeys("8080/tcp", "53/udp");
        assertThat(c.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "db", "tier", "2"));
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.volumes()).containsOnlyKeys("/data");
        assertThat(c.workingDir()).as("relative to the working directory").isEqualTo("/srv/logs");
        assertThat(c.onBuild()).containsExactly("RUN echo base", "RUN echo next");
        assertThat(c.stopSignal()).isEqualTo("SIGINT");
        assertThat(c.healthcheck().test()).containsExactly("CMD-SHELL", "true");
        assertThat(c.healthcheck().interval()).isEqualTo(5_000_000_000L);
    }

    @Test
    void commandsAsInABuildAndAnEntrypointResetsAnInheritedCmd() {
        assertThat(apply("cmd echo $GREETING").cmd()).as("shell form, lower-case keyword").containsExactly("/bin/sh", "-c", "echo $GREETING");
        ImageConfig entry = apply("ENTRYPOINT [\"/bin/app\"]");
        assertThat(entry.entrypoint()).containsExactly("/bin/app");
        assertThat(entry.cmd()).isEmpty();
        assertThat(apply("CMD [\"--serve\"]", "ENTRYPOINT [\"/bin/app\"]").cmd()).containsExactly("--serve");
        assertThat(apply("ENV A=1\nENV B=$A").env()).as("one change may hold several lines").contains("B=1");
        assertThat(CommitChanges.parse(List.of()).applyTo(CONTAINER)).isEqualTo(CONTAINER);
    }

    @Test
    void onlyWhatDockerdAllowsInACommitIsAccepted() {
        for (String refused : List.of("RUN echo hi", "FROM busybox", "COPY a b", "ADD a b", "ARG X", "SHELL [\"/bin/bash\"]",
                "MAINTAINER me")) {
            String keyword = refused.split(" ")[0].toLowerCase();
            assertThatThrownBy(() -> CommitChanges.parse(List.of("ENV A=1", refused))).isInstanceOf(BerthException.class)
                    .hasMessage(keyword + " is not a valid change command")
                    .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        }
        assertThatThrownBy(() -> CommitChanges.parse(List.of("NOSUCH x"))).hasMessageContaining("--change line 1: unknown instruction: NOSUCH");
        assertThatThrownBy(() -> CommitChanges.parse(List.of("EXPOSE http")).applyTo(CONTAINER))
                .hasMessageContaining("invalid containerPort: http");
    }
}
