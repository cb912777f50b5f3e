package dev.berth.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.Resources;
import org.junit.jupiter.api.Test;

class RuncTest {
    @Test
    void errorMessageKeepsOnlyLogrusMessages() {
        String stderr = "time=\"2026-11-23T10:08:00Z\" level=error msg=\"runc create failed: exec: \\\"nosuch\\\": "
                + "executable file not found in $PATH\"\n";

        assertThat(Runc.errorMessage(stderr)).isEqualTo("runc create failed: exec: \"nosuch\": executable file not found in $PATH");
        assertThat(Runc.errorMessage("plain failure\n")).isEqualTo("plain failure");
    }

    @Test
    void updateFlagsNameOnlyTheLimitsThatAreSet() {
        assertThat(Runc.updateFlags(new Resources(96L << 20, 0, 500_000_000L, 0, 40)))
                .containsExactly("--memory", "100663296", "--cpu-period", "100000", "--cpu-quota", "50000", "--pids-limit", "40");
        assertThat(Runc.updateFlags(new Resources(64L << 20, -1, 0, 512, -1)))
                .containsExactly("--memory", "67108864", "--memory-swap", "-1", "--cpu-share", "512", "--pids-limit", "-1");
        assertThat(Runc.updateFlags(Resources.UNLIMITED)).isEmpty();
    }
}
