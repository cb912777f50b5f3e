package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers and their logs outlive berthd: a crash (kill -9) and a restart lose nothing. */
@Tag("root")
class DaemonRestartIT {
    @TempDir
    Path base;
    BerthdProcess berthd;

    @AfterEach
    void cleanUp() throws Exception {
        assertThat(BerthdProcess.tearDown(berthd, base)).as("left behind").isEmpty();
    }

    @Test
    void killNineOfTheDaemonLosesNothing() throws Exception {
        berthd = new BerthdProcess(base).start();
        assertThat(berthd.berth("image", "bootstrap", "busybox").exit()).isZero();
        BerthdProcess.Result ticker = berthd.berth("run", "-d", "--name", "ticker", "busybox", "sh", "-c",
                "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done");
        assertThat(ticker.exit()).as(ticker.toString()).isZero();
        BerthdProcess.Result doomed = berthd.berth("run", "-d", "--name", "doomed", "busybox", "sh", "-c", "sleep 1; echo bye; exit 5");
        assertThat(doomed.exit()).as(doomed.toString()).isZero();
        berthd.berth("create", "--name", "idle", "busybox", "true");

        berthd.kill9();
        BerthdProcess.pause(Duration.ofSeconds(2)); // doomed exits while nobody watches; ticker keeps ticking
        berthd.start();

        JsonNode ticking = inspect("ticker");
        assertThat(ticking.path("State").path("Status").asText()).as(ticking.toString()).isEqualTo("running");
        JsonNode gone = inspect("doomed");
        assertThat(gone.path("State").path("Status").asText()).as(gone.toString()).isEqualTo("exited");
        assertThat(gone.path("State").path("ExitCode").asInt()).isEqualTo(5);
        assertThat(berthd.berth("logs", "doomed").out()).isEqualTo("bye\n");
        assertThat(inspect("idle").path("State").path("Status").asText()).isEqualTo("created");

        String logs = berthd.berth("logs", "ticker").out();
        assertThat(logs).startsWith("tick 0\n").contains("tick 10\n");
        assertThat(berthd.berth("stop", "-t", "1", "ticker").exit()).isZero();
        assertThat(inspect("ticker").path("State").path("Status").asText()).isEqualTo("exited");

        berthd.stop();
        berthd.start();
        assertThat(berthd.berth("logs", "--tail", "1", "doomed").out()).as("logs survive a graceful restart too").isEqualTo("bye\n");
    }

    @Test
    void alwaysRestartingContainersComeBackAfterTheirMonitorDied() throws Exception {
        berthd = new BerthdProcess(base).start();
        assertThat(berthd.berth("image", "bootstrap", "busybox").exit()).isZero();
        BerthdProcess.Result r = berthd.berth("run", "-d", "--name", "phoenix", "--restart", "always", "busybox", "sleep", "300");
        assertThat(r.exit()).as(r.toString()).isZero();
        int pid = inspect("phoenix").path("State").path("Pid").asInt();
        new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode state = inspect("phoenix");
        while (state.path("RestartCount").asInt() < 1 || !state.path("State").path("Running").asBoolean()) {
            assertThat(Instant.now()).as(state.toString()).isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(200));
            state = inspect("phoenix");
        }
        assertThat(state.path("State").path("Pid").asInt()).isNotEqualTo(pid);
    }

    private JsonNode inspect(String name) throws Exception {
        BerthdProcess.Result r = berthd.berth("inspect", name);
        assertThat(r.exit()).as(r.toString()).isZero();
        return Json.tree(r.out().getBytes(), "inspect").get(0);
    }
}
