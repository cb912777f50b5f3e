package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void parsesDockerSizes() {
        assertThat(ByteSize.parse("512m", "--memory")).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("1g", "--memory")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("1.5G", "--memory")).isEqualTo(3L << 29);
        assertThat(ByteSize.parse("100000", "--memory")).isEqualTo(100000);
        assertThat(ByteSize.parse("64MB", "--memory")).isEqualTo(64L << 20);
        assertThat(ByteSize.parse("64mib", "--memory")).isEqualTo(64L << 20);
    }

    @Test
    void rejectsGarbageNamingTheFlag() {
        assertThatThrownBy(() -> ByteSize.parse("lots", "--memory"))
                .isInstanceOf(BerthException.class)
                .hasMessageContaining("--memory").hasMessageContaining("lots");
        assertThatThrownBy(() -> ByteSize.parse("-1m", "--memory")).isInstanceOf(BerthException.class);
        assertThatThrownBy(() -> ByteSize.parse("99999999999p", "--memory")).hasMessageContaining("too large");
    }

    @Test
    void humanSizesAreDecimalLikeDockers() {
        assertThat(ByteSize.human(4_200_000)).isEqualTo("4.2MB");
        assertThat(ByteSize.human(999)).isEqualTo("999B");
        assertThat(ByteSize.human(1_000)).isEqualTo("1kB");
    }
}
