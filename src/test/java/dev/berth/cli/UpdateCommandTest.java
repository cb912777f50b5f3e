package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.BerthException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UpdateCommandTest {
    @Test
    void sendsOnlyTheFlagsGivenUnderDockersNames() {
        assertThat(body("--memory", "96m", "--cpus", "0.5", "--pids-limit", "40", "--restart", "on-failure:3", "web").toString())
                .isEqualTo("{\"Memory\":100663296,\"NanoCpus\":500000000,\"PidsLimit\":40,"
                        + "\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}}");
        assertThat(body("--cpu-quota", "50000", "--cpu-period", "200000", "-c", "512", "web").toString())
                .isEqualTo("{\"CpuShares\":512,\"CpuQuota\":50000,\"CpuPeriod\":200000}");
        assertThat(body("web").isEmpty()).isTrue();
    }

    @Test
    void refusesBadValuesBeforeAnyRequest() {
        assertThatThrownBy(() -> body("--memory", "lots", "web")).isInstanceOf(BerthException.class).hasMessageContaining("--memory");
        assertThatThrownBy(() -> body("--restart", "sometimes", "web")).isInstanceOf(BerthException.class).hasMessageContaining("sometimes");
    }

    private static ObjectNode body(String... args) {
        UpdateCommand update = new UpdateCommand(new CliContext(Map.of(), System.in, System.out, System.err));
        new CommandLine(update).parseArgs(args);
        return update.body();
    }
}
