package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The system endpoints through the berth CLI and the real docker CLI: {@code GET /events} replayed with since/until
 * and filtered, {@code GET /system/df}, and what {@code docker info} makes of {@code GET /info}.
 */
class EventsIT extends DaemonIT {
    @Test
    void eventsTellWhatHappenedToContainersAndNetworks() throws Exception {
        String since = String.valueOf(Instant.now().getEpochSecond() - 1);
        ok("run", "--name", "ev", "busybox", "true");
        ok("tag", "busybox", "evimage:1");
        ok("rmi", "evimage:1");
        ok("network", "create", "evnet");
        ok("network", "rm", "evnet");
        ok("rm", "ev");
        String until = String.valueOf(Instant.now().getEpochSecond() + 1);
        List<String> expected = List.of("container create", "container attach", "container start", "container die",
                "container destroy");

        String berth = ok("events", "--since", since, "--until", until, "--filter", "container=ev", "--format", "{{.Type}} {{.Action}}");
        assertThat(berth.lines().toList()).isEqualTo(expected);
        assertThat(ok("events", "--since", since, "--until", until, "--filter", "type=network", "--format", "{{.Action}} {{.Actor.Attributes.name}}")
                .lines().toList()).isEqualTo(List.of("create evnet", "destroy evnet"));
        assertThat(ok("events", "--since", since, "--until", until, "--filter", "type=image", "--format", "{{.Action}} {{.Actor.Attributes.name}}")
                .lines().toList()).isEqualTo(List.of("tag evimage:1", "untag evimage:1"));
        assertThat(ok("events", "--since", since, "--until", until, "--filter", "event=die")).contains("container die ")
                .contains("exitCode=0").contains("name=ev");

        if (java.nio.file.Files.isExecutable(BerthdProcess.DOCKER_CLI)) {
            BerthdProcess.Result docker = berthd.docker("events", "--since", since, "--until", until, "--filter", "container=ev",
                    "--format", "{{.Type}} {{.Action}}");
            assertThat(docker.exit()).as(docker.toString()).isZero();
            assertThat(docker.out().lines().toList()).isEqualTo(expected);
            ok("run", "-d", "--name", "busy", "busybox", "sleep", "60");
            BerthdProcess.Result stats = berthd.docker("stats", "--no-stream", "--format", "{{.Name}}", "busy");
            assertThat(stats.out()).as(stats.toString()).contains("busy");
            ok("rm", "-f", "busy");
        }
    }

    @Test
    void dockerInfoWarnsOnlyAboutLimitsBerthLacks() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(BerthdProcess.DOCKER_CLI), "no docker CLI");
        BerthdProcess.Result info = berthd.docker("info");
        assertThat(info.exit()).as(info.toString()).isZero();
        assertThat(info.out() + info.err()).contains("Volume: local").contains("127.0.0.0/8")
                .doesNotContain("No memory limit support").doesNotContain("No cpu cfs quota support")
                .doesNotContain("No cpu shares support").doesNotContain("expected:");
    }

    @Test
    void dockerInfoShowsTheStorageLoggingSecurityAndAddressPoolsBerthHas() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(BerthdProcess.DOCKER_CLI), "no docker CLI");
        String info = berthd.dockerOk("info", "--format",
                "{{json .DriverStatus}} {{.LoggingDriver}} {{json .Plugins.Log}} {{json .SecurityOptions}} {{json .DefaultAddressPools}}");
        String filesystem = java.nio.file.Files.getFileStore(base).type();
        assertThat(info).startsWith("[[\"Backing Filesystem\",\"" + filesystem + "\"],[\"Native Overlay Diff\",\"true\"],[\"userxattr\",\"false\"]]"
                + " k8s-file [\"k8s-file\"] [\"name=no-new-privileges\"] [{\"Base\":\"")
                .containsPattern("\"Size\":24}]\n$");
        assertThat(berthd.dockerOk("run", "--rm", "busybox", "grep", "NoNewPrivs", "/proc/self/status")).as("true of every process")
                .matches("NoNewPrivs:\\s+1\n");
    }

    @Test
    void diskUsageCountsWhatContainersAndVolumesWrote() throws Exception {
        ok("run", "-d", "--name", "writer", "-v", "dfvol:/data", "busybox", "sh", "-c",
                "dd if=/dev/zero of=/big bs=1024 count=2048 2>/dev/null; dd if=/dev/zero of=/data/big bs=1024 count=1024 2>/dev/null;"
                        + " sleep 60");
        long deadline = System.currentTimeMillis() + 20_000;
        com.fasterxml.jackson.databind.JsonNode df;
        do {
            String response = berthd.api("GET", "/system/df");
            df = dev.berth.common.Json.tree(response.substring(response.indexOf("\r\n\r\n") + 4).getBytes(), "df");
        } while (df.path("Volumes").path(0).path("UsageData").path("Size").asLong() < 1024 * 1024
                && System.currentTimeMillis() < deadline);
        assertThat(df.path("Containers").path(0).path("SizeRw").asLong()).isGreaterThanOrEqualTo(2048 * 1024);
        assertThat(df.path("Volumes").path(0).path("UsageData").path("Size").asLong()).isEqualTo(1024 * 1024);
        assertThat(df.path("Volumes").path(0).path("UsageData").path("RefCount").asLong()).isEqualTo(1);
        assertThat(df.path("Images").path(0).path("Containers").asLong()).isEqualTo(1);
        assertThat(df.path("Images").path(0).path("SharedSize").asLong()).as("one image shares no layer").isZero();
        if (java.nio.file.Files.isExecutable(BerthdProcess.DOCKER_CLI)) {
            BerthdProcess.Result docker = berthd.docker("system", "df");
            assertThat(docker.exit()).as(docker.toString()).isZero();
            assertThat(docker.out()).contains("Images").contains("Containers").contains("Local Volumes");
            assertThat(berthd.dockerOk("system", "df", "--format", "{{.Type}} {{.Reclaimable}}").lines().findFirst().orElseThrow())
                    .as("busybox is in use, so none of it is reclaimable").endsWith("(0%)");
            String[] sizes = berthd.dockerOk("inspect", "--size", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "writer").strip().split(" ");
            assertThat(Long.parseLong(sizes[0])).as("SizeRw").isGreaterThanOrEqualTo(2048 * 1024);
            assertThat(Long.parseLong(sizes[1])).as("SizeRootFs: that and the image").isGreaterThan(Long.parseLong(sizes[0]));
        }
        ok("rm", "-f", "writer");
        ok("volume", "rm", "dfvol");
    }

    private static String ok(String... args) throws Exception {
        BerthdProcess.Result r = berthd.berth(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }
}
