package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import org.junit.jupiter.api.Test;

class RemoteRefTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void shortNamesAreDockerHubLibraryImagesAtLatest() {
        assertThat(RemoteRef.parse("busybox")).isEqualTo(new RemoteRef("docker.io", "library/busybox", "latest"));
        assertThat(RemoteRef.parse("busybox").toString()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(RemoteRef.parse("user/app:1.0")).isEqualTo(new RemoteRef("docker.io", "user/app", "1.0"));
        assertThat(RemoteRef.parse("index.docker.io/library/busybox:1")).isEqualTo(new RemoteRef("docker.io", "library/busybox", "1"));
    }

    @Test
    void aFirstComponentWithADotAColonOrLocalhostIsTheRegistry() {
        assertThat(RemoteRef.parse("localhost:5000/x")).isEqualTo(new RemoteRef("localhost:5000", "x", "latest"));
        assertThat(RemoteRef.parse("localhost/x:2")).isEqualTo(new RemoteRef("localhost", "x", "2"));
        assertThat(RemoteRef.parse("quay.io/org/app:v1")).isEqualTo(new RemoteRef("quay.io", "org/app", "v1"));
        assertThat(RemoteRef.parse("127.0.0.1:5000/a/b/c")).isEqualTo(new RemoteRef("127.0.0.1:5000", "a/b/c", "latest"));
    }

    @Test
    void aDigestWinsOverATag() {
        RemoteRef ref = RemoteRef.parse("localhost:5000/x:1@" + DIGEST);
        assertThat(ref.reference()).isEqualTo(DIGEST);
        assertThat(ref.byDigest()).isTrue();
        assertThat(ref.toString()).isEqualTo("localhost:5000/x@" + DIGEST);
        assertThatThrownBy(ref::localTag).isInstanceOf(BerthException.class);
    }

    @Test
    void localTagsAreFamiliarNames() {
        assertThat(RemoteRef.parse("busybox").localTag()).isEqualTo(ImageRef.parse("busybox:latest"));
        assertThat(RemoteRef.parse("docker.io/user/app:3").localTag().toString()).isEqualTo("user/app:3");
        assertThat(RemoteRef.parse("localhost:5000/x:1").localTag().toString()).isEqualTo("localhost:5000/x:1");
        assertThat(RemoteRef.parse("busybox").familiarName()).isEqualTo("busybox");
    }

    @Test
    void malformedNamesAreRefused() {
        assertThatThrownBy(() -> RemoteRef.parse("UPPER/case")).isInstanceOf(BerthException.class);
        assertThatThrownBy(() -> RemoteRef.parse("x@sha256:short")).isInstanceOf(BerthException.class);
        assertThatThrownBy(() -> RemoteRef.parse("")).isInstanceOf(BerthException.class);
        assertThatThrownBy(() -> RemoteRef.parse("x:bad tag")).isInstanceOf(BerthException.class);
    }

    @Test
    void platformsParseWithAnOptionalVariant() {
        assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(new Platform("linux", "arm64", "v8"));
        assertThat(Platform.parse("linux/amd64").matches("linux", "amd64", "")).isTrue();
        assertThat(Platform.parse("linux/arm64").matches("linux", "arm64", "v8")).isTrue();
        assertThat(Platform.parse("linux/arm/v7").matches("linux", "arm", "v6")).isFalse();
        assertThatThrownBy(() -> Platform.parse("linux")).isInstanceOf(BerthException.class);
    }
}
