package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
    @Test
    void hashesAndPrintsInOciForm() {
        Digest d = Digest.sha256("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(d).hasToString("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
        assertThat(d.shortHex()).isEqualTo("ba7816bf8f01");
    }

    @Test
    void onlyValidSha256DigestsCanExist() {
        assertThatThrownBy(() -> Digest.parse("sha256:xyz")).isInstanceOf(BerthException.class).hasMessageContaining("xyz");
        assertThatThrownBy(() -> Digest.parse("md5:" + "a".repeat(32))).hasMessageContaining("md5");
        assertThatThrownBy(() -> Digest.parse("nocolon")).hasMessageContaining("nocolon");
        assertThat(Digest.isValid("sha256:" + "0".repeat(64))).isTrue();
        assertThat(Digest.isValid("sha256:" + "0".repeat(63))).isFalse();
    }
}
