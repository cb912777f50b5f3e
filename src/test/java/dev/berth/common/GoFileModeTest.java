package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoFileModeTest {
    @Test
    void unixTypesAndSpecialBitsMoveWhereGoKeepsThem() {
        assertThat(GoFileMode.fromUnix(0100644)).isEqualTo(0644);
        assertThat(GoFileMode.fromUnix(0040755)).isEqualTo((1L << 31) | 0755);
        assertThat(GoFileMode.fromUnix(0120777)).isEqualTo((1L << 27) | 0777);
        assertThat(GoFileMode.fromUnix(0041777)).as("sticky /tmp").isEqualTo((1L << 31) | (1L << 20) | 0777);
        assertThat(GoFileMode.fromUnix(0104755)).as("setuid").isEqualTo((1L << 23) | 0755);
        assertThat(GoFileMode.fromUnix(0020666)).as("char device").isEqualTo((1L << 26) | (1L << 21) | 0666);
    }
}
