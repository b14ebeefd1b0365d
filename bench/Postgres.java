import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL server for the benches (zonky, as in the tests): prints
 * "postgres: jdbc:postgresql://localhost:PORT/postgres" and serves until it is killed (the server stops with it).
 * Run with thaw-core's test class path (see bench/run-vault.sh STORE=pg).
 */
public class Postgres {
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(0).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("postgres: stop failed: " + e);
            }
        }));
        System.out.println("postgres: " + pg.getJdbcUrl("postgres", "postgres"));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
