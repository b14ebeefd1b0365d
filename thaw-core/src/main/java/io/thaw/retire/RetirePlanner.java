package io.thaw.retire;

import io.thaw.inventory.InventoryItem;
import io.thaw.inventory.InventoryReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, archive by archive, what a retire deletes and what it keeps and why, and records it in the
 * store. An archive is to be deleted only when thaw delivered it whole and verified (tree hash and
 * location in the job store), its copy reads back with that tree hash right now, the delivery is older
 * than the quarantine, no archive with the same content failed re-verification, the Vault Lock allows
 * it and it is within --max-deletes. Everything starts as KEEP and is promoted only by a passing
 * re-verification, so an interrupted plan deletes nothing.
 */
public final class RetirePlanner {

    private static final int PAGE = 200;

    private final RetireStore store;
    private final DeliveredArchives delivered;
    private final CopyVerifier verifier;

    public RetirePlanner(RetireStore store, DeliveredArchives delivered, CopyVerifier verifier) {
        this.store = store;
        this.delivered = delivered;
        this.verifier = verifier;
    }

    /** What to plan: the vault (and run), quarantine, cap, the lock's refusal and the newest inventory. */
    public record Scope(String vault, String runId, Duration minAge, long maxDeletes, String lockRefusal,
                        Path inventory) {
    }

    public void plan(String retireId, Scope scope) throws IOException {
        collect(retireId, scope);
        if (scope.inventory() != null) {
            datesFrom(retireId, scope);
        }
        reverify(retireId, scope, Instant.now());
        store.keepDuplicatesOfFailed(retireId);
        if (scope.maxDeletes() > 0) {
            store.keepBeyond(retireId, scope.maxDeletes(), RetireItem.Keep.MAX_DELETES,
                    "beyond --max-deletes " + scope.maxDeletes());
        }
    }

    /** Re-verifies the copies of archives still to delete (a resumed retire: time has passed since its plan). */
    public void reverifyPending(String retireId, Scope scope) {
        long after = 0;
        for (List<RetireItem> page; !(page = store.page(retireId, after, PAGE)).isEmpty(); ) {
            for (RetireItem i : page) {
                after = i.seq();
                if (RetireItem.DELETE.equals(i.state())) {
                    judge(retireId, i, scope, Instant.now());
                }
            }
        }
        store.keepDuplicatesOfFailed(retireId);
    }

    private void collect(String retireId, Scope scope) {
        long[] seq = {store.nextSeq(retireId)};
        List<DeliveredArchives.JobRow> jobs = new ArrayList<>();
        delivered.forEachArchiveJob(scope.vault(), scope.runId(), row -> {
            if (!jobs.isEmpty() && !jobs.get(0).archiveId().equals(row.archiveId())) {
                add(retireId, seq[0]++, jobs);
                jobs.clear();
            }
            jobs.add(row);
        });
        if (!jobs.isEmpty()) {
            add(retireId, seq[0]++, jobs);
        }
        delivered.forEachCopy(scope.vault(), scope.runId(), c -> {
            if (!store.has(retireId, c.archiveId())) {
                store.addItem(new RetireItem(retireId, seq[0]++, c.archiveId(), c.size(), c.treeHash(), null,
                        c.destination(), c.location(), null, null, RetireItem.KEEP, RetireItem.Keep.COPY.name(),
                        "delivered as a copy of archive " + c.copyOf() + "'s output, not retrieved itself", null, null));
            }
        });
    }

    /** One archive's jobs, newest first: the newest whole, delivered one counts. */
    private void add(String retireId, long seq, List<DeliveredArchives.JobRow> jobs) {
        DeliveredArchives.JobRow best = null;
        for (DeliveredArchives.JobRow j : jobs) {
            if ("DELIVERED".equals(j.state()) && whole(j) && j.deliveredTo() != null && j.treeHash() != null) {
                best = j;
                break;
            }
        }
        DeliveredArchives.JobRow newest = jobs.get(0);
        long size = newest.archiveSize() == null ? 0 : newest.archiveSize();
        if (best == null) {
            String why = "DELIVERED".equals(newest.state()) ? "only a byte range of it was retrieved"
                    : "its newest job " + newest.jobId() + " is " + newest.state()
                    + (newest.error() == null ? "" : ": " + newest.error());
            store.addItem(new RetireItem(retireId, seq, newest.archiveId(), size, newest.treeHash(), newest.jobId(),
                    newest.destination(), null, null, null, RetireItem.KEEP, RetireItem.Keep.NOT_DELIVERED.name(),
                    "not delivered whole and verified: " + why, null, null));
            return;
        }
        store.addItem(new RetireItem(retireId, seq, best.archiveId(), best.archiveSize(), best.treeHash(), best.jobId(),
                best.destination(), best.deliveredTo(), best.deliveredAt(), null, RetireItem.KEEP,
                RetireItem.Keep.REVERIFY.name(), "not re-verified yet", null, null));
    }

    /** No range, or the range Glacier reports for a whole-archive job (0 to size-1). */
    private static boolean whole(DeliveredArchives.JobRow j) {
        return j.byteRange() == null || (j.archiveSize() != null && j.byteRange().equals("0-" + (j.archiveSize() - 1)));
    }

    /** CreationDate of each archive (early-deletion charge); archives thaw never retrieved are kept, named. */
    private void datesFrom(String retireId, Scope scope) throws IOException {
        long[] seq = {store.nextSeq(retireId)};
        try (InputStream in = Files.newInputStream(scope.inventory()); InventoryReader r = InventoryReader.open(in)) {
            for (InventoryItem item; (item = r.next()) != null; ) {
                if (!store.setCreated(retireId, item.archiveId(), item.creationDate()) && scope.runId() == null) {
                    store.addItem(new RetireItem(retireId, seq[0]++, item.archiveId(), item.size(), item.treeHash(),
                            null, null, null, null, item.creationDate(), RetireItem.KEEP,
                            RetireItem.Keep.NOT_DELIVERED.name(), "thaw never retrieved it", null, null));
                }
            }
        }
    }

    private void reverify(String retireId, Scope scope, Instant start) {
        long after = 0;
        for (List<RetireItem> page; !(page = store.page(retireId, after, PAGE)).isEmpty(); ) {
            for (RetireItem i : page) {
                after = i.seq();
                if (i.location() != null) {
                    judge(retireId, i, scope, start);
                }
            }
        }
    }

    private void judge(String retireId, RetireItem i, Scope scope, Instant start) {
        String problem = verifier.problem(i);
        Instant now = Instant.now();
        boolean copy = RetireItem.Keep.COPY.name().equals(i.kind());
        if (problem != null) {
            store.keep(retireId, i.archiveId(), RetireItem.Keep.REVERIFY, problem);
        } else if (copy) {
            store.keep(retireId, i.archiveId(), RetireItem.Keep.COPY, i.reason().replace(", not retrieved itself",
                    "; copy verified, but thaw never retrieved this archive itself"));
        } else if (scope.lockRefusal() != null) {
            store.keep(retireId, i.archiveId(), RetireItem.Keep.LOCK, scope.lockRefusal());
        } else if (i.deliveredAt() == null || i.deliveredAt().plus(scope.minAge()).isAfter(start)) {
            store.keep(retireId, i.archiveId(), RetireItem.Keep.QUARANTINE, "delivered " + i.deliveredAt()
                    + ", within --min-age " + scope.minAge() + " (deletable from "
                    + (i.deliveredAt() == null ? "?" : i.deliveredAt().plus(scope.minAge())) + ")");
        } else {
            store.verified(retireId, i.archiveId(), now);
        }
    }
}
