package dev.berth.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.Instruction.Location;
import dev.berth.common.Json;
import dev.berth.image.HealthConfig;
import dev.berth.image.ImageConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small rules of single instructions: EXPOSE specs, RUN scripts with here-documents, config JSON. */
class StepRulesTest {
    private static final Location AT = new Location("Dockerfile", 3, "EXPOSE");

    @Test
    void exposeSpecsAsDockerReadsThem() {
        assertThat(PortSpec.expand("80", AT)).containsExactly("80/tcp");
        assertThat(PortSpec.expand("53/UDP", AT)).containsExactly("53/udp");
        assertThat(PortSpec.expand("8000-8002/tcp", AT)).containsExactly("8000/tcp", "8001/tcp", "8002/tcp");
        assertThatThrownBy(() -> PortSpec.expand("http", AT)).hasMessageContaining("Dockerfile line 3: invalid containerPort: http");
        assertThatThrownBy(() -> PortSpec.expand("70000", AT)).hasMessageContaining("ports are 1 to 65535");
        assertThatThrownBy(() -> PortSpec.expand("90-80", AT)).hasMessageContaining("invalid port range");
    }

    private static Instruction.Run run(String dockerfile) {
        return (Instruction.Run) Dockerfile.parse("Dockerfile", "FROM scratch\n" + dockerfile).stages().getFirst().instructions().getFirst();
    }

    @Test
    void runScriptsWithHereDocuments() {
        assertThat(RunScript.of(run("RUN echo plain\n"))).isEqualTo("echo plain");
        assertThat(RunScript.of(run("RUN <<EOF\necho a\necho b\nEOF\n"))).isEqualTo("echo a\necho b\n");
        assertThat(RunScript.of(run("RUN cat > /f <<'END'\n$HOME\nEND\n"))).isEqualTo("cat > /f <<'END'\n$HOME\nEND\n");
        assertThat(RunScript.executable(run("RUN <<\"PY\"\n#!/usr/bin/python3\nprint(1)\nPY\n"))).get()
                .extracting(Instruction.Heredoc::name).isEqualTo("PY");
        assertThat(RunScript.executable(run("RUN <<EOF\necho not a program\nEOF\n"))).isEmpty();
    }

    @Test
    void historyTextIsWhatDockersGoFormattingPrints() {
        assertThat(GoText.quotedList(List.of("/bin/sh", "-c", "echo \"hi\"\tthere"))).isEqualTo("[\"/bin/sh\" \"-c\" \"echo \\\"hi\\\"\\tthere\"]");
        assertThat(GoText.plainList(List.of("/data", "/logs"))).isEqualTo("[/data /logs]");
        assertThat(GoText.healthcheck(new HealthConfig(List.of("CMD-SHELL", "true"), 5_000_000_000L, 90_000_000_000L, 0,
                500_000_000L, 2))).isEqualTo("&{[\"CMD-SHELL\" \"true\"] \"5s\" \"1m30s\" \"0s\" \"500ms\" '\\x02'}");
    }

    @Test
    void configJsonLeavesOutAnUnsetHealthcheckAndKeepsASetOne() {
        assertThat(Json.string(ImageConfig.empty())).isEqualTo("{}");
        ImageConfig withHealth = new ImageConfig(null, null, null, null, null, null, null, null, null,
                new HealthConfig(List.of("CMD-SHELL", "true"), 5_000_000_000L, 0, 0, 0, 3), List.of("RUN x"), List.of("/bin/ash", "-c"));
        String json = Json.string(withHealth);
        assertThat(json).isEqualTo("{\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":5000000000,\"Retries\":3},"
                + "\"OnBuild\":[\"RUN x\"],\"Shell\":[\"/bin/ash\",\"-c\"]}");
        assertThat(Json.parse(json.getBytes(), ImageConfig.class, "test")).isEqualTo(withHealth);
    }
}
