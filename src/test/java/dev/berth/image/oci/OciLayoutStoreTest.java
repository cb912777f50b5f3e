package dev.berth.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.ErrorKind;
import dev.berth.image.ContentWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutStoreTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    @Test
    void writesAReadOnlyBlobNamedByItsDigestInAnOciLayout() throws Exception {
        OciLayoutStore store = OciLayoutStore.open(root);
        Digest digest = store.write(HELLO, "greeting");
        Path blob = root.resolve("blobs/sha256").resolve(digest.hex());
        assertThat(digest).isEqualTo(Digest.sha256(HELLO));
        assertThat(blob).hasBinaryContent(HELLO);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob))).isEqualTo("r--r--r--");
        assertThat(root.resolve("oci-layout")).content().contains("\"imageLayoutVersion\":\"1.0.0\"");
        assertThat(store.read(digest)).isEqualTo(HELLO);
        assertThat(store.digests()).containsExactly(digest);
        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }

    @Test
    void writesOfEverySizeReachTheBlobInOrder() throws Exception {
        OciLayoutStore store = OciLayoutStore.open(root);
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        // small writes that fill the write buffer, one that crosses its end, one larger than it, small ones after
        int[] sizes = {1, 8192, 100_000, 200_000, 1 << 20, 300_000, 5, 8192};
        Digest digest;
        try (ContentWriter w = store.writer("layer")) {
            int offset = 0;
            for (int i = 0; offset < data.length; i++) {
                int n = Math.min(sizes[i % sizes.length], data.length - offset);
                w.write(data, offset, n);
                offset += n;
            }
            assertThat(w.size()).isEqualTo(data.length);
            digest = w.commit(Optional.of(Digest.sha256(data)));
        }
        assertThat(root.resolve("blobs/sha256").resolve(digest.hex())).hasBinaryContent(data);
    }

    @Test
    void aWrongExpectedDigestStoresNothing() {
        OciLayoutStore store = OciLayoutStore.open(root);
        Digest other = Digest.sha256(new byte[] {1});
        try (ContentWriter w = store.writer("layer 1")) {
            w.write(HELLO, 0, HELLO.length);
            assertThatThrownBy(() -> w.commit(Optional.of(other)))
                    .isInstanceOf(BerthException.class).hasMessageContaining("layer 1").hasMessageContaining(other.toString());
        }
        assertThat(store.digests()).isEmpty();
        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }

    @Test
    void anUncommittedWriterLeavesNoTempFile() {
        OciLayoutStore store = OciLayoutStore.open(root);
        try (ContentWriter w = store.writer("abandoned")) {
            w.write(HELLO, 0, HELLO.length);
        }
        assertThat(store.digests()).isEmpty();
        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }

    @Test
    void aCorruptedBlobIsDetectedOnRead() throws Exception {
        OciLayoutStore store = OciLayoutStore.open(root);
        Digest digest = store.write(HELLO, "greeting");
        Path blob = root.resolve("blobs/sha256").resolve(digest.hex());
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(blob, "HELLO");
        assertThatThrownBy(() -> store.read(digest)).isInstanceOf(BerthException.class)
                .hasMessageContaining("blob " + digest + " is corrupted")
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void aMissingBlobIsNotFound() {
        OciLayoutStore store = OciLayoutStore.open(root);
        assertThatThrownBy(() -> store.open(Digest.sha256(HELLO))).isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }
}
