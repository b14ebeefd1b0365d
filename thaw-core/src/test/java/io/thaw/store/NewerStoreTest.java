package io.thaw.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store a newer thaw migrated is refused with the versions and the fix, not used without its new rules. */
class NewerStoreTest {

    @TempDir
    Path dir;

    @Test
    void aStoreOfANewerSchemaIsRefused() {
        DataSource h2 = BareStores.h2(dir);
        Migrations.apply(h2);
        int newer = Migrations.SCRIPTS.length + 1;
        new Sql(h2, "test").update("insert into thaw_schema_version (version, script, applied_at) values (?, ?,"
                + " current_timestamp)", newer, "V" + newer + "__from_the_future.sql");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Migrations.apply(h2));
        assertTrue(e.getMessage().contains("schema version " + newer + ", newer than this thaw knows ("
                + Migrations.SCRIPTS.length + ")"), e.getMessage());
    }
}
