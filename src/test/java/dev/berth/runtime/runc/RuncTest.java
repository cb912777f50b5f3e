package dev.berth.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuncTest {
    @Test
    void errorMessageKeepsOnlyLogrusMessages() {
        String stderr = "time=\"2026-11-23T10:08:00Z\" level=error msg=\"runc create failed: exec: \\\"nosuch\\\": "
                + "executable file not found in $PATH\"\n";

        assertThat(Runc.errorMessage(stderr)).isEqualTo("runc create failed: exec: \"nosuch\": executable file not found in $PATH");
        assertThat(Runc.errorMessage("plain failure\n")).isEqualTo("plain failure");
    }
}
