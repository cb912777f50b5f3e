package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.ErrorKind;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmSnapshotStoreTest {
    private static final String VM = "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void aNameIsUniquePerVmAndTheRowsGoWithTheirContainer() {
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            new ContainerStore(db); // the table the snapshots refer to
            db.update("INSERT INTO containers (id, name, data) VALUES (?, ?, ?)", VM, "vm", "{}");
            VmSnapshotStore store = new VmSnapshotStore(db);
            VmSnapshot first = new VmSnapshot(VM, "first", Instant.parse("2026-01-01T00:00:00Z"), 1234);
            store.insert(first);
            store.insert(new VmSnapshot(VM, "second", Instant.parse("2026-01-01T00:01:00Z"), 99));

            assertThatThrownBy(() -> store.insert(new VmSnapshot(VM, "first", Instant.now(), 1)))
                    .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
            assertThat(store.find(VM, "first")).contains(first);
            assertThat(store.of(VM)).extracting(VmSnapshot::name).containsExactly("first", "second");

            store.delete(VM, "second");
            assertThat(store.of(VM)).containsExactly(first);
            db.update("DELETE FROM containers WHERE id = ?", VM);
            assertThat(store.of(VM)).isEmpty();
        }
    }
}
