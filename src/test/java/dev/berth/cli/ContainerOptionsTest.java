package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ContainerOptionsTest {
    @TempDir
    Path dir;

    private static final Map<String, String> HOST_ENV = Map.of("FROM_HOST", "h1", "PATH", "/bin");

    private ObjectNode body(String... args) {
        RunCommand run = new RunCommand(new CliContext(Map.of(), System.in, System.out, System.err));
        new CommandLine(run).setStopAtPositional(true).parseArgs(args);
        return run.options.createBody(!run.detach, n -> Optional.ofNullable(HOST_ENV.get(n)), Path.of("/work"));
    }

    @Test
    void dockersRunFlagsBecomeTheCreateBody() {
        ObjectNode b = body("--name", "web", "-e", "K=V", "--memory", "64m", "--cpus", "0.5", "--user", "1000:1000",
                "-w", "/srv", "-h", "box", "-l", "tier=web", "-l", "flag", "--pids-limit", "50", "--cpu-shares", "512",
                "--memory-swap", "-1", "--read-only", "--network", "none", "--isolation", "vm", "--restart", "on-failure:3",
                "busybox", "sh", "-c", "echo hi");
        assertThat(b.path("Image").asText()).isEqualTo("busybox");
        assertThat(b.path("Cmd").toString()).isEqualTo("[\"sh\",\"-c\",\"echo hi\"]");
        assertThat(b.path("Env").toString()).isEqualTo("[\"K=V\"]");
        assertThat(b.path("User").asText()).isEqualTo("1000:1000");
        assertThat(b.path("WorkingDir").asText()).isEqualTo("/srv");
        assertThat(b.path("Hostname").asText()).isEqualTo("box");
        assertThat(b.path("Labels").toString()).isEqualTo("{\"tier\":\"web\",\"flag\":\"\"}");
        assertThat(b.has("Entrypoint")).isFalse();
        ObjectNode h = (ObjectNode) b.path("HostConfig");
        assertThat(h.path("Memory").asLong()).isEqualTo(64L << 20);
        assertThat(h.path("MemorySwap").asLong()).isEqualTo(-1);
        assertThat(h.path("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(h.path("CpuShares").asLong()).isEqualTo(512);
        assertThat(h.path("PidsLimit").asLong()).isEqualTo(50);
        assertThat(h.path("ReadonlyRootfs").asBoolean()).isTrue();
        assertThat(h.path("NetworkMode").asText()).isEqualTo("none");
        assertThat(h.path("Isolation").asText()).isEqualTo("vm");
        assertThat(h.path("RestartPolicy").toString()).isEqualTo("{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}");
        assertThat(h.path("AutoRemove").asBoolean()).isFalse();
    }

    @Test
    void argumentsAfterTheImageBelongToTheCommand() {
        ObjectNode b = body("--rm", "busybox", "ls", "-l", "--rm");
        assertThat(b.path("Cmd").toString()).isEqualTo("[\"ls\",\"-l\",\"--rm\"]");
        assertThat(b.path("HostConfig").path("AutoRemove").asBoolean()).isTrue();
        assertThat(b.has("User")).isFalse();
    }

    @Test
    void interactiveTtyAndDetachSetTheAttachFields() {
        ObjectNode fg = body("-it", "busybox");
        assertThat(fg.path("Tty").asBoolean()).isTrue();
        assertThat(fg.path("OpenStdin").asBoolean()).isTrue();
        assertThat(fg.path("StdinOnce").asBoolean()).isTrue();
        assertThat(fg.path("AttachStdin").asBoolean()).isTrue();
        assertThat(fg.path("AttachStdout").asBoolean()).isTrue();
        ObjectNode bg = body("-d", "-i", "busybox");
        assertThat(bg.path("OpenStdin").asBoolean()).isTrue();
        assertThat(bg.path("AttachStdin").asBoolean()).isFalse();
        assertThat(bg.path("AttachStdout").asBoolean()).isFalse();
        assertThat(bg.path("StdinOnce").asBoolean()).isFalse();
    }

    @Test
    void emptyEntrypointResetsIt() {
        assertThat(body("--entrypoint", "", "busybox").path("Entrypoint").toString()).isEqualTo("[\"\"]");
        assertThat(body("--entrypoint", "/bin/sh", "busybox").path("Entrypoint").toString()).isEqualTo("[\"/bin/sh\"]");
    }

    @Test
    void volumesAndTmpfsGoToBindsVolumesAndTmpfs() {
        ObjectNode b = body("-v", "/host:/data:ro", "-v", "cache:/cache", "-v", "./src:/src", "-v", "/anon",
                "--tmpfs", "/run:rw,size=64m", "--tmpfs", "/tmp", "busybox");
        assertThat(b.path("HostConfig").path("Binds").toString())
                .isEqualTo("[\"/host:/data:ro\",\"cache:/cache\",\"/work/src:/src\"]");
        assertThat(b.path("Volumes").toString()).isEqualTo("{\"/anon\":{}}");
        assertThat(b.path("HostConfig").path("Tmpfs").toString()).isEqualTo("{\"/run\":\"rw,size=64m\",\"/tmp\":\"\"}");
    }

    @Test
    void envFilesComeFirstAndBareNamesCopyTheHostValue() throws IOException {
        Path file = dir.resolve("app.env");
        Files.writeString(file, "# comment\n\n  A=1\nB= spaced value \nFROM_HOST\nUNSET_ON_HOST\n");
        ObjectNode b = body("--env-file", file.toString(), "-e", "A=2", "-e", "PATH", "-e", "NOPE", "busybox");
        assertThat(b.path("Env").toString())
                .isEqualTo("[\"A=1\",\"B= spaced value \",\"FROM_HOST=h1\",\"A=2\",\"PATH=/bin\"]");
    }

    @Test
    void badValuesGiveClearErrors() {
        assertThatThrownBy(() -> body("--memory", "lots", "busybox")).isInstanceOf(BerthException.class)
                .hasMessageContaining("invalid size for --memory: 'lots'");
        assertThatThrownBy(() -> body("--cpus", "half", "busybox")).hasMessageContaining("--cpus");
        assertThatThrownBy(() -> body("--cpus", "-1", "busybox")).hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> body("--restart", "sometimes", "busybox")).hasMessageContaining("invalid restart policy 'sometimes'");
        assertThatThrownBy(() -> body("--rm", "--restart", "always", "busybox")).hasMessageContaining("--rm");
        assertThatThrownBy(() -> body("-v", "/a:rel", "busybox")).hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> body("-v", "/a:/b:rx", "busybox")).hasMessageContaining("unknown mode 'rx'");
        assertThatThrownBy(() -> body("--tmpfs", "run", "busybox")).hasMessageContaining("--tmpfs");
        assertThatThrownBy(() -> body("-e", "=x", "busybox")).hasMessageContaining("name is empty");
        assertThatThrownBy(() -> body("--env-file", dir.resolve("missing.env").toString(), "busybox"))
                .hasMessageContaining("cannot read env file");
    }

    @Test
    void envFileRejectsNamesWithWhitespace() {
        assertThatThrownBy(() -> EnvFile.parse(java.util.List.of("MY VAR=1"), n -> Optional.empty(), "f.env"))
                .hasMessageContaining("f.env line 1").hasMessageContaining("contains whitespaces");
    }

    @Test
    void restartPolicies() {
        assertThat(RestartPolicy.parse("no")).isEqualTo(new RestartPolicy("no", 0));
        assertThat(RestartPolicy.parse("unless-stopped")).isEqualTo(new RestartPolicy("unless-stopped", 0));
        assertThat(RestartPolicy.parse("on-failure:3")).isEqualTo(new RestartPolicy("on-failure", 3));
        assertThatThrownBy(() -> RestartPolicy.parse("always:3")).hasMessageContaining("only be used with 'on-failure'");
        assertThatThrownBy(() -> RestartPolicy.parse("on-failure:x")).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> RestartPolicy.parse("on-failure:-1")).hasMessageContaining("negative");
    }

    @Test
    void nanoCpus() {
        assertThat(NanoCpus.parse("1.5")).isEqualTo(1_500_000_000L);
        assertThat(NanoCpus.parse("2")).isEqualTo(2_000_000_000L);
        assertThat(NanoCpus.parse("0.000000001")).isEqualTo(1);
        assertThatThrownBy(() -> NanoCpus.parse("0.0000000001")).hasMessageContaining("too precise");
    }

    @Test
    void healthFlagsBecomeTheHealthcheckAsDockersCliSendsIt() {
        ObjectNode b = body("--health-cmd", "test -f /tmp/ok", "--health-interval", "200ms", "--health-retries", "2",
                "--health-timeout", "1m30s", "--health-start-period", "1s", "--health-start-interval", "50ms", "busybox");
        assertThat(b.path("Healthcheck").toString()).isEqualTo("{\"Test\":[\"CMD-SHELL\",\"test -f /tmp/ok\"],"
                + "\"Interval\":200000000,\"Timeout\":90000000000,\"StartPeriod\":1000000000,\"StartInterval\":50000000,\"Retries\":2}");
        assertThat(body("--health-retries", "5", "busybox").path("Healthcheck").toString()).isEqualTo("{\"Retries\":5}");
        assertThat(body("--no-healthcheck", "busybox").path("Healthcheck").toString()).isEqualTo("{\"Test\":[\"NONE\"]}");
        assertThat(body("busybox").has("Healthcheck")).isFalse();
    }

    @Test
    void badHealthFlagsFailAsDockersCliFails() {
        assertThatThrownBy(() -> body("--no-healthcheck", "--health-cmd", "true", "busybox"))
                .hasMessage("--no-healthcheck conflicts with --health-* options");
        assertThatThrownBy(() -> body("--health-interval", "5", "busybox"))
                .hasMessage("invalid argument \"5\" for \"--health-interval\" flag: time: invalid duration \"5\"");
        assertThatThrownBy(() -> body("--health-timeout=-1s", "busybox")).hasMessage("--health-timeout cannot be negative");
        assertThatThrownBy(() -> body("--health-retries=-1", "busybox")).hasMessage("--health-retries cannot be negative");
    }
}
