package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import org.junit.jupiter.api.Test;

class RepoDigestTest {
    private static final Digest DIGEST = Digest.sha256(new byte[0]);

    @Test
    void parsesTheFamiliarFormAndDropsATagBesideTheDigest() {
        assertThat(RepoDigest.parse("localhost:5000/app@" + DIGEST)).isEqualTo(new RepoDigest("localhost:5000/app", DIGEST));
        assertThat(RepoDigest.parse("docker.io/library/busybox:1.36@" + DIGEST).toString()).isEqualTo("busybox@" + DIGEST);
    }

    @Test
    void refusesWhatIsNotNameAtDigest() {
        assertThatThrownBy(() -> RepoDigest.parse("@" + DIGEST)).isInstanceOf(BerthException.class)
                .hasMessageContaining("want NAME@sha256");
        assertThatThrownBy(() -> RepoDigest.parse("app@sha256:abc")).hasMessageContaining("64 lowercase hex digits");
        assertThatThrownBy(() -> RepoDigest.parse("App@" + DIGEST)).hasMessageContaining("lowercase");
        assertThat(RepoDigest.isDigestReference("app:1")).isFalse();
    }
}
