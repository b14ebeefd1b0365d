package io.thaw.retire;

import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/**
 * Deletes a retire's verified archives from Glacier at thaw.retire.deletes-per-second, recording each
 * delete in the store right after Glacier accepts it. Killed between the two, the rerun asks Glacier
 * again: DeleteArchive of an archive already gone succeeds or answers ResourceNotFoundException, and
 * both count as deleted — once, because recording is a conditional update.
 */
public final class ArchiveDeleter {

    private final GlacierClient glacier;
    private final RetireStore store;
    private final double perSecond;

    public ArchiveDeleter(GlacierClient glacier, RetireStore store, double perSecond) {
        this.glacier = glacier;
        this.store = store;
        this.perSecond = perSecond;
    }

    /**
     * Why deleting stopped early (Glacier denied a delete), or null when every verified archive is deleted.
     * {@code onDeleted} hears of each recorded delete, and whether Glacier already lacked the archive.
     */
    public String deleteAll(String retireId, String account, String vault, BiConsumer<RetireItem, Boolean> onDeleted)
            throws InterruptedException {
        long intervalNanos = (long) (1e9 / perSecond);
        long next = System.nanoTime();
        for (List<RetireItem> page; !(page = store.toDelete(retireId, 100)).isEmpty(); ) {
            for (RetireItem i : page) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next = Math.max(next, System.nanoTime() - intervalNanos) + intervalNanos;
                boolean gone = false;
                try {
                    glacier.deleteArchive(b -> b.accountId(account).vaultName(vault).archiveId(i.archiveId()));
                } catch (ResourceNotFoundException e) {
                    gone = true;
                } catch (GlacierException e) {
                    if ("AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                        String why = "Glacier denied DeleteArchive: " + e.awsErrorDetails().errorMessage();
                        store.keep(retireId, i.archiveId(), RetireItem.Keep.LOCK, why);
                        return why + " — check the vault's Vault Lock and access policies and the credentials'"
                                + " glacier:DeleteArchive permission";
                    }
                    throw e;
                }
                if (store.markDeleted(retireId, i.archiveId(), Instant.now())) {
                    onDeleted.accept(i, gone);
                }
            }
        }
        return null;
    }
}
