package io.thaw.retire;

import io.thaw.inventory.InventoryItem;
import io.thaw.inventory.InventoryReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.StatusCode;

/**
 * {@code thaw retire --delete-vault}: deletes the vault only when a fresh inventory lists no archives.
 * The first call starts an inventory job and records it; a later call (or the same one with --wait)
 * reads its output. Glacier refreshes inventories about once a day, so archives deleted since the last
 * refresh are still listed: each remaining archive is named with why it is still there.
 */
public final class VaultRemover {

    /** How the command ends: exit code for the shell. */
    public enum Outcome { DELETED, WOULD_DELETE, NOT_EMPTY, WAITING, FAILED }

    private static final int LISTED = 200;

    private final GlacierClient glacier;
    private final RetireStore store;
    private final PrintWriter out;

    public VaultRemover(GlacierClient glacier, RetireStore store, PrintWriter out) {
        this.glacier = glacier;
        this.store = store;
        this.out = out;
    }

    public Outcome run(String retireId, String account, String vault, boolean confirm, Duration wait)
            throws IOException, InterruptedException {
        Optional<String[]> pending = store.pendingInventory(vault);
        String id;
        String jobId;
        if (pending.isPresent()) {
            id = pending.get()[0];
            jobId = pending.get()[1];
            out.println("thaw retire: vault '" + vault + "': reading inventory job " + jobId + " started earlier");
        } else {
            id = retireId;
            jobId = glacier.initiateJob(b -> b.accountId(account).vaultName(vault).jobParameters(p -> p
                    .type("inventory-retrieval").format("JSON").description("thaw retire --delete-vault"))).jobId();
            store.inventoryStarted(id, vault, account, confirm, jobId);
            out.println("thaw retire: vault '" + vault + "': started inventory job " + jobId);
        }
        out.flush();
        DescribeJobResponse job = awaitJob(account, vault, jobId, wait);
        if (job.statusCode() == StatusCode.IN_PROGRESS) {
            out.println("thaw retire: the inventory is not ready yet (Glacier takes hours) — run the same command again"
                    + " later, or add --wait");
            out.flush();
            return Outcome.WAITING;
        }
        if (job.statusCode() != StatusCode.SUCCEEDED) {
            store.finish(id, RetireStore.REFUSED, "inventory job " + jobId + " failed: " + job.statusMessage());
            out.println("thaw retire: inventory job " + jobId + " failed: " + job.statusMessage()
                    + " — run the command again to start a new one");
            out.flush();
            return Outcome.FAILED;
        }
        long remaining = listRemaining(account, vault, jobId);
        if (remaining > 0) {
            String why = "the inventory of " + job.completionDate() + " lists " + remaining + " archives";
            store.finish(id, RetireStore.REFUSED, why);
            out.println("thaw retire: vault '" + vault + "' is not deleted: " + why + " — retire them first (thaw retire"
                    + " --vault " + vault + " --confirm); deleted archives leave the inventory at Glacier's next refresh"
                    + " (about daily), then run --delete-vault again");
            out.flush();
            return Outcome.NOT_EMPTY;
        }
        if (!confirm) {
            store.finish(id, RetireStore.DRY_RUN, "inventory empty; vault would be deleted");
            out.println("thaw retire: the inventory of vault '" + vault + "' lists no archives: it would be deleted"
                    + " (DRY RUN — add --confirm to delete the vault)");
            out.flush();
            return Outcome.WOULD_DELETE;
        }
        try {
            glacier.deleteVault(b -> b.accountId(account).vaultName(vault));
        } catch (GlacierException e) {
            String why = "Glacier refused DeleteVault: " + e.awsErrorDetails().errorCode() + " "
                    + e.awsErrorDetails().errorMessage();
            store.finish(id, RetireStore.REFUSED, why);
            out.println("thaw retire: " + why + ("AccessDeniedException".equals(e.awsErrorDetails().errorCode())
                    ? " — check the vault's Vault Lock and access policies and the credentials' glacier:DeleteVault permission"
                    : " — archives were written or deleted after the last inventory; run --delete-vault again after"
                    + " Glacier's next inventory refresh"));
            out.flush();
            return Outcome.NOT_EMPTY;
        }
        store.finish(id, RetireStore.DONE, "vault deleted");
        out.println("thaw retire: vault '" + vault + "' deleted (its inventory listed no archives)");
        out.flush();
        return Outcome.DELETED;
    }

    private DescribeJobResponse awaitJob(String account, String vault, String jobId, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            DescribeJobResponse job = glacier.describeJob(b -> b.accountId(account).vaultName(vault).jobId(jobId));
            if (job.statusCode() != StatusCode.IN_PROGRESS || System.nanoTime() >= deadline) {
                return job;
            }
            Thread.sleep(Math.min(2000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    /** Streams the inventory, naming each archive still listed with why it is there. */
    private long listRemaining(String account, String vault, String jobId) throws IOException {
        long n = 0;
        try (InputStream in = glacier.getJobOutput(b -> b.accountId(account).vaultName(vault).jobId(jobId));
             InventoryReader r = InventoryReader.open(in)) {
            for (InventoryItem i; (i = r.next()) != null; ) {
                if (n++ < LISTED) {
                    out.println("  remains " + i.archiveId() + " (" + i.size() + " bytes): " + why(vault, i.archiveId()));
                }
            }
        }
        if (n > LISTED) {
            out.println("  … and " + (n - LISTED) + " more");
        }
        return n;
    }

    private String why(String vault, String archiveId) {
        return store.latestItem(vault, archiveId).map(i -> switch (i.state()) {
            case RetireItem.DELETED -> "deleted by thaw at " + i.deletedAt() + "; Glacier's inventory has not caught up";
            case RetireItem.DELETE -> "verified, not deleted yet (run thaw retire --confirm)";
            default -> i.kind() + ": " + i.reason();
        }).orElse("no retire has looked at it (thaw never retrieved it, or no thaw retire ran)");
    }
}
