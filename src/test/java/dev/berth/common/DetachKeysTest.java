package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String feed(DetachKeys.Scanner s, String typed) {
        return new String(s.feed(bytes(typed), typed.length()), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theDefaultSequenceDetachesAcrossReadsAndDropsWhatFollows() {
        DetachKeys.Scanner s = DetachKeys.parse("").scanner();
        assertThat(feed(s, "ls\r\u0010")).isEqualTo("ls\r");
        assertThat(s.detached()).isFalse();
        assertThat(feed(s, "\u0011more")).isEmpty();
        assertThat(s.detached()).isTrue();
    }

    @Test
    void aPartialMatchThatFailsIsPassedOnInOrder() {
        DetachKeys.Scanner s = DetachKeys.parse("ctrl-p,ctrl-q").scanner();
        assertThat(feed(s, "\u0010x")).isEqualTo("\u0010x");
        assertThat(feed(s, "\u0010\u0010\u0011")).isEqualTo("\u0010");
        assertThat(s.detached()).isTrue();
    }

    @Test
    void lettersAndControlKeysParseAndNonsenseIsRefused() {
        DetachKeys.Scanner s = DetachKeys.parse("ctrl-a,x").scanner();
        assertThat(feed(s, "a\u0001x")).isEqualTo("a");
        assertThat(s.detached()).isTrue();
        assertThatThrownBy(() -> DetachKeys.parse("ctrl-pp")).hasMessageContaining("invalid detach keys 'ctrl-pp'");
        assertThatThrownBy(() -> DetachKeys.parse("F1")).hasMessageContaining("invalid detach keys");
    }
}
