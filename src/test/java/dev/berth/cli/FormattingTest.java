package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormattingTest {
    private static JsonNode json(String text) {
        return Json.tree(text.getBytes(StandardCharsets.UTF_8), "test");
    }

    @Test
    void humanDurationsAsDockerSaysThem() {
        assertThat(Human.duration(Duration.ofMillis(300))).isEqualTo("Less than a second");
        assertThat(Human.duration(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(Human.duration(Duration.ofSeconds(5))).isEqualTo("5 seconds");
        assertThat(Human.duration(Duration.ofSeconds(90))).isEqualTo("About a minute");
        assertThat(Human.duration(Duration.ofMinutes(2))).isEqualTo("2 minutes");
        assertThat(Human.duration(Duration.ofMinutes(61))).isEqualTo("About an hour");
        assertThat(Human.duration(Duration.ofHours(47))).isEqualTo("47 hours");
        assertThat(Human.duration(Duration.ofDays(3))).isEqualTo("3 days");
        assertThat(Human.duration(Duration.ofDays(21))).isEqualTo("3 weeks");
        assertThat(Human.duration(Duration.ofDays(90))).isEqualTo("3 months");
        assertThat(Human.duration(Duration.ofDays(800))).isEqualTo("2 years");
        Instant now = Instant.parse("2025-01-01T12:00:00Z");
        assertThat(Human.ago(now.minusSeconds(120), now)).isEqualTo("2 minutes ago");
    }

    @Test
    void imageRowsPerTagAndDigestAsTheDockerCliListsThem() {
        String d1 = "sha256:" + "1".repeat(64);
        String d2 = "sha256:" + "2".repeat(64);
        JsonNode image = json("{\"RepoTags\":[\"reg:5000/app:1\",\"reg:5000/app:2\",\"other:x\"],"
                + "\"RepoDigests\":[\"reg:5000/app@" + d1 + "\",\"mirror/app@" + d2 + "\"]}");
        assertThat(ImagesCommand.references(image, true)).containsExactly(
                new ImagesCommand.Reference("reg:5000/app", "1", d1), new ImagesCommand.Reference("reg:5000/app", "2", d1),
                new ImagesCommand.Reference("other", "x", "<none>"), new ImagesCommand.Reference("mirror/app", "<none>", d2));
        assertThat(ImagesCommand.references(image, false)).extracting(ImagesCommand.Reference::digest).containsOnly("<none>");
        assertThat(ImagesCommand.references(image, false)).extracting(ImagesCommand.Reference::tag)
                .containsExactly("1", "2", "x", "<none>");
        assertThat(ImagesCommand.references(json("{\"RepoTags\":[],\"RepoDigests\":[]}"), true))
                .containsExactly(new ImagesCommand.Reference("<none>", "<none>", "<none>"));
    }

    @Test
    void humanSizes() {
        assertThat(Human.decimalSize(4_261_000)).isEqualTo("4.26MB");
        assertThat(Human.binarySize(0)).isEqualTo("0B");
        assertThat(Human.binarySize(64L << 20)).isEqualTo("64MiB");
        assertThat(Human.binarySize(2_080_768)).isEqualTo("1.984MiB");
        assertThat(Human.binarySize(1536)).isEqualTo("1.5KiB");
    }

    @Test
    void tablesAlignLikeDockersTabwriter() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Table.docker(List.of("CONTAINER ID", "IMAGE", "NAMES"))
                .row(List.of("0123456789ab", "busybox:latest", "web"))
                .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "CONTAINER ID   IMAGE            NAMES\n"
                        + "0123456789ab   busybox:latest   web\n");
    }

    @Test
    void psRowsUseDockersPlaceholders() {
        JsonNode c = json("""
                {"Id":"0123456789abcdef","Names":["/web"],"Image":"busybox","Command":"httpd -f -v -p 8080 -h /var/www",
                 "Created":1735732680,"State":"running","Status":"Up 5 seconds",
                 "Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"PrivatePort":443,"Type":"tcp"}]}""");
        JsonNode row = PsCommand.row(c, false, Instant.ofEpochSecond(1735732680 + 120));
        assertThat(row.path("ID").asText()).isEqualTo("0123456789ab");
        assertThat(row.path("Command").asText()).isEqualTo("\"httpd -f -v -p 8080…\"");
        assertThat(row.path("RunningFor").asText()).isEqualTo("2 minutes ago");
        assertThat(row.path("Names").asText()).isEqualTo("web");
        assertThat(row.path("Ports").asText()).isEqualTo("0.0.0.0:8080->80/tcp, 443/tcp");
        assertThat(PsCommand.row(c, true, Instant.now()).path("Command").asText()).isEqualTo("\"httpd -f -v -p 8080 -h /var/www\"");
    }

    @Test
    void statsUseDockersFormulas() {
        JsonNode s = json("""
                {"id":"0123456789abcdef","name":"/web",
                 "cpu_stats":{"cpu_usage":{"total_usage":300000000},"system_cpu_usage":4000000000,"online_cpus":2},
                 "precpu_stats":{"cpu_usage":{"total_usage":100000000},"system_cpu_usage":2000000000},
                 "memory_stats":{"usage":10485760,"limit":67108864,"stats":{"inactive_file":2097152}},
                 "networks":{"eth0":{"rx_bytes":1000,"tx_bytes":2000}},
                 "blkio_stats":{"io_service_bytes_recursive":[{"op":"Read","value":4096},{"op":"write","value":8192}]},
                 "pids_stats":{"current":3}}""");
        JsonNode row = StatsCommand.row(s);
        assertThat(row.path("CPUPerc").asText()).isEqualTo("20.00%");
        assertThat(row.path("MemUsage").asText()).isEqualTo("8MiB / 64MiB");
        assertThat(row.path("MemPerc").asText()).isEqualTo("12.50%");
        assertThat(row.path("NetIO").asText()).isEqualTo("1kB / 2kB");
        assertThat(row.path("BlockIO").asText()).isEqualTo("4.1kB / 8.19kB");
        assertThat(row.path("PIDs").asLong()).isEqualTo(3);
        assertThat(row.path("Name").asText()).isEqualTo("web");
    }

    @Test
    void goTemplatePathsPrintAsGoDoes() {
        JsonNode inspect = json("""
                {"State":{"Status":"running","ExitCode":0,"Running":true},"Config":{"Env":["A=1","B=2"],"Labels":{"z":"1","a":"2"},
                 "Cmd":null},"HostConfig":{"Memory":67108864}}""");
        assertThat(GoTemplate.parse("{{.State.Status}} {{.State.ExitCode}} {{ .State.Running }}").render(inspect)).isEqualTo("running 0 true");
        assertThat(GoTemplate.parse("{{.Config.Env}}").render(inspect)).isEqualTo("[A=1 B=2]");
        assertThat(GoTemplate.parse("{{.Config.Labels}}").render(inspect)).isEqualTo("map[a:2 z:1]");
        assertThat(GoTemplate.parse("{{.Config.Cmd}}|{{.Nope.Deeper}}").render(inspect)).isEqualTo("<nil>|<no value>");
        assertThat(GoTemplate.parse("mem={{.HostConfig.Memory}}\\t{{json .Config.Env}}").render(inspect))
                .isEqualTo("mem=67108864\t[\"A=1\",\"B=2\"]");
        assertThatThrownBy(() -> GoTemplate.parse("{{range .Mounts}}")).hasMessageContaining("unsupported action");
        assertThatThrownBy(() -> GoTemplate.parse("{{.State")).hasMessageContaining("unclosed");
    }

    @Test
    void inspectJsonIsIndentedLikeDocker() {
        assertThat(PrettyJson.of(json("[{\"Id\":\"a\",\"Args\":[],\"Labels\":{}}]")))
                .isEqualTo("[\n    {\n        \"Id\": \"a\",\n        \"Args\": [],\n        \"Labels\": {}\n    }\n]");
    }

    @Test
    void imageNamesSplitAtTheTagColon() {
        assertThat(ImageName.parse("busybox")).isEqualTo(new ImageName("busybox", "latest"));
        assertThat(ImageName.parse("localhost:5000/app:1.2")).isEqualTo(new ImageName("localhost:5000/app", "1.2"));
        assertThat(ImageName.parse("localhost:5000/app")).isEqualTo(new ImageName("localhost:5000/app", "latest"));
        assertThatThrownBy(() -> ImageName.parse("app:")).hasMessageContaining("empty tag");
    }

    @Test
    void sinceAcceptsTimestampsAndDurations() {
        Instant now = Instant.parse("2025-01-01T12:00:00Z");
        assertThat(TimeArgument.parse("10m", now, "--since")).isEqualTo("1735732200.000000000");
        assertThat(TimeArgument.parse("1h30m", now, "--since")).isEqualTo(now.minusSeconds(5400).getEpochSecond() + ".000000000");
        assertThat(TimeArgument.parse("1.5s", now, "--since")).isEqualTo("1735732798.500000000");
        assertThat(TimeArgument.parse("2025-01-01T11:00:00Z", now, "--since")).isEqualTo("1735729200.000000000");
        assertThat(TimeArgument.parse("2025-01-01T11:00:00+01:00", now, "--since")).isEqualTo("1735725600.000000000");
        assertThat(TimeArgument.parse("1700000000.25", now, "--since")).isEqualTo("1700000000.250000000");
        assertThatThrownBy(() -> TimeArgument.parse("yesterday", now, "--since")).hasMessageContaining("invalid value for --since");
    }

    @Test
    void exitCodesFollowDocker() {
        assertThat(ExitCodes.ofStartError("exec: \"nope\": executable file not found in $PATH")).isEqualTo(127);
        assertThat(ExitCodes.ofStartError("open /bin/x: no such file or directory")).isEqualTo(127);
        assertThat(ExitCodes.ofStartError("exec /etc/passwd: permission denied")).isEqualTo(126);
        assertThat(ExitCodes.ofStartError("cgroup setup failed")).isEqualTo(125);
        assertThat(ExitCodes.of(new StartFailure(dev.berth.common.BerthException.internal("permission denied")), "run")).isEqualTo(126);
        assertThat(ExitCodes.of(new IllegalStateException("x"), "run")).isEqualTo(125);
        assertThat(ExitCodes.of(new IllegalStateException("x"), "create")).isEqualTo(125);
        assertThat(ExitCodes.of(new IllegalStateException("x"), "rm")).isEqualTo(1);
    }

    @Test
    void verbIsFoundPastGlobalOptions() {
        assertThat(CommandTree.verb("-H", "unix:///x.sock", "run", "busybox")).isEqualTo("run");
        assertThat(CommandTree.verb("--host=unix:///x.sock", "ps")).isEqualTo("ps");
        assertThat(CommandTree.verb("--help")).isEmpty();
    }
}
