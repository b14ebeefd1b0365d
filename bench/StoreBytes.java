import java.io.Writer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

/**
 * What an H2 store file holds, by table and index: the bytes of every page in every chunk of the file (NOT part
 * of the tests). A chunk is what one write of the store put in the file, and H2 reuses a chunk's space only
 * 45 s after its pages died, so for a run shorter than about a minute this is what the run wrote. After a
 * longer run H2's dump, which reads the file from start to end, can take a reused block for a chunk and fail.
 *
 *   java -cp target/thaw.jar bench/StoreBytes.java DB      (DB: the path without .mv.db, thaw's store stopped)
 *
 * Prints one line per map: bytes, share, and the table or index it belongs to (map 0, "layout", is H2's own
 * record of the chunks; undoLog.N hold the uncommitted changes of open transactions).
 */
public class StoreBytes {

    public static void main(String[] args) throws Exception {
        String db = args[0];
        Map<Integer, Long> bytes = new HashMap<>();
        long[] total = {0};
        try {
            dump(db, bytes, total);
        } catch (RuntimeException e) {
            System.out.println("cannot read " + db + ".mv.db chunk by chunk: " + e.getMessage() + " — if the run lasted"
                    + " more than about a minute, H2 had reused the space of dead chunks (45 s after they died) and the dump"
                    + " took a reused block for a chunk: measure a shorter run");
            return;
        }
        // map id -> map name ("table.20", "index.24", ...) from the store's own directory
        Map<Integer, String> mapNames = new HashMap<>();
        MVStore s = new MVStore.Builder().fileName(db + ".mv.db").readOnly().open();
        try {
            MVMap<String, String> meta = s.getMetaMap();
            for (String n : s.getMapNames()) {
                String id = meta.get("name." + n);
                if (id != null) {
                    mapNames.put(Integer.parseInt(id, 16), n);
                }
            }
        } finally {
            s.close();
        }
        mapNames.put(0, "layout");
        // H2 object id -> table or index name
        Map<Integer, String> objects = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db + ";ACCESS_MODE_DATA=r;OLD_INFORMATION_SCHEMA=TRUE", "", "");
             ResultSet rs = c.createStatement().executeQuery("select id, table_name, index_name from information_schema.indexes"
                     + " where table_schema = 'PUBLIC' union select id, table_name, null from information_schema.tables"
                     + " where table_schema = 'PUBLIC'")) {
            while (rs.next()) {
                objects.put(rs.getInt(1), rs.getString(2).toLowerCase() + (rs.getString(3) == null ? "" : " " + rs.getString(3).toLowerCase()));
            }
        }
        List<Map.Entry<Integer, Long>> rows = new ArrayList<>(bytes.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        System.out.printf("%,d bytes of pages in %s.mv.db%n", total[0], db);
        for (Map.Entry<Integer, Long> e : rows) {
            String map = mapNames.getOrDefault(e.getKey(), "?");
            String what = map;
            int dot = map.indexOf('.');
            if (dot > 0 && (map.startsWith("table.") || map.startsWith("index."))) {
                what = objects.getOrDefault(Integer.parseInt(map.substring(dot + 1)), map)
                        + (map.startsWith("table.") ? " (rows)" : "");
            }
            System.out.printf("%,14d  %5.1f %%  %s%n", e.getValue(), 100.0 * e.getValue() / total[0], what);
        }
    }

    /** MVStoreTool.dump ends with "map <hex id>: <n> bytes, <p>%" for each map: keeps only those lines. */
    private static void dump(String db, Map<Integer, Long> bytes, long[] total) {
        MVStoreTool.dump(db + ".mv.db", new Writer() {
            private final StringBuilder line = new StringBuilder();
            private boolean summary;

            @Override
            public void write(char[] b, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (b[i] != '\n') {
                        line.append(b[i]);
                        continue;
                    }
                    String l = line.toString();
                    line.setLength(0);
                    if (l.startsWith("page size total: ")) {
                        summary = true;
                        total[0] = Long.parseLong(l.substring(17, l.indexOf(' ', 17)));
                    } else if (summary && l.startsWith("map ") && l.contains(" bytes, ")) {
                        bytes.put(Integer.parseInt(l.substring(4, l.indexOf(':')), 16),
                                Long.parseLong(l.substring(l.indexOf(':') + 2, l.indexOf(" bytes"))));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }, false);
    }
}
