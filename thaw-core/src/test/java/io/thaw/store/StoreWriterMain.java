package io.thaw.store;

import java.time.Instant;

/**
 * Child process of {@link H2KillIT}: writes to the store as thaw does — insert, stage, claim, park,
 * chunks, claim again, deliver — as fast as it can, and prints "N STEP" after each commit returned.
 * The test kills it with SIGKILL at a random moment.
 */
public final class StoreWriterMain {

    public static void main(String[] args) {
        String url = args[0];
        int from = Integer.parseInt(args[1]);
        try (JobStore store = JobStore.open(url, null, null)) {
            JobClaims claims = new JobClaims(store);
            System.out.println("open");
            System.out.flush();
            for (int i = from; ; i++) {
                String id = "job-" + i;
                store.insert(new NewJob(id, "v", "-", "ArchiveRetrieval", "archive-" + i, "Standard", null, null,
                        null, "req.json", "hash-" + i, "file:out", null));
                said(i, 0);
                Instant now = Instant.now();
                claims.stageAndClaim(id, 10L, 10L, "aa", "aa", now, "me", now, now.plusSeconds(60));
                said(i, 1);
                store.saveChunk(id, 0, 10, "aa");
                store.saveChunk(id, 1, 10, "bb");
                claims.park(id, "retry", now.plusMillis(1));
                said(i, 2);
                claims.claim(id, "me", now.plusMillis(5), now.plusSeconds(60));
                store.recordProgress(id, 5);
                said(i, 3);
                store.markDelivered(id, "file:out/" + i, 10, true, "me");
                said(i, 4);
            }
        }
    }

    /** Job i reached step k of H2KillIT.ORDER. */
    private static void said(int i, int k) {
        System.out.println(i + " " + k);
        System.out.flush();
    }
}
