package dev.berth.image;

import dev.berth.common.Database;
import dev.berth.image.oci.OciImageStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Image stores and their databases for tests. Register it with {@code @RegisterExtension}: every database it
 * opened is closed after each test, before JUnit deletes the temp dir that holds it.
 */
public final class TestStores implements AfterEachCallback {
    private final List<Database> databases = new ArrayList<>();

    /** A database in {@code file}, closed after the test. */
    public Database database(Path file) {
        Database db = Database.open(file);
        databases.add(db);
        return db;
    }

    /** A store in {@code dir} on its own database, {@code dir.db} beside it. */
    public OciImageStore open(Path dir) {
        return OciImageStore.open(dir, database(dir.resolveSibling(dir.getFileName() + ".db")));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        databases.forEach(Database::close);
        databases.clear();
    }
}
