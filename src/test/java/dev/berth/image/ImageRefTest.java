package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import org.junit.jupiter.api.Test;

class ImageRefTest {
    @Test
    void missingTagMeansLatest() {
        assertThat(ImageRef.parse("busybox")).isEqualTo(new ImageRef("busybox", "latest"));
    }

    @Test
    void dockerHubPrefixesAreDropped() {
        assertThat(ImageRef.parse("docker.io/library/busybox:1.36").toString()).isEqualTo("busybox:1.36");
        assertThat(ImageRef.parse("docker.io/me/app").toString()).isEqualTo("me/app:latest");
    }

    @Test
    void registryPortIsNotATag() {
        ImageRef ref = ImageRef.parse("localhost:5000/app");
        assertThat(ref.repository()).isEqualTo("localhost:5000/app");
        assertThat(ref.tag()).isEqualTo("latest");
    }

    @Test
    void uppercaseAndEmptyAreRejected() {
        assertThatThrownBy(() -> ImageRef.parse("BusyBox")).isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> ImageRef.parse(" ")).hasMessageContaining("empty image name");
        assertThatThrownBy(() -> ImageRef.parse("app:bad/tag")).isInstanceOf(BerthException.class);
    }

    @Test
    void qualifiedNamesAreWhatDockerdSortsTagsBy() {
        assertThat(ImageRef.parse("busybox").qualified()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(ImageRef.parse("compat/bb:1").qualified()).isEqualTo("docker.io/compat/bb:1");
        assertThat(ImageRef.parse("127.0.0.1:5000/a/b:2").qualified()).isEqualTo("127.0.0.1:5000/a/b:2");
        assertThat(ImageRef.parse("localhost/app").qualified()).isEqualTo("localhost/app:latest");
    }
}
