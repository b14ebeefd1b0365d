package io.thaw.sandbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Glacier job: the parameters it was started with (final) and its lifecycle state (guarded by
 * this). {@link #describe()} gives the DescribeJob object, which is also the SNS notice: 18 keys in
 * alphabetical order with explicit nulls, as real notices carry them.
 */
final class Job {

    static final String ARCHIVE = "ArchiveRetrieval";
    static final String INVENTORY = "InventoryRetrieval";

    final String id;
    final String vault;
    final String vaultArn;
    final String action;
    final String tier;
    final String description;
    final String snsTopic;
    final Instant created = Instant.now();
    /** Archive jobs: the archive as it was at InitiateJob, and the inclusive byte range retrieved. */
    final VaultStore.Archive archive;
    final long rangeStart;
    final long rangeEnd;
    /** Inventory jobs: the request's parameters (null when not given). */
    final String format;
    final String startDate;
    final String endDate;
    final String limit;
    final String marker;

    private boolean claimed;
    private Instant completed;
    private String status = "InProgress";
    private String statusMessage = "Operation in progress.";
    private String treeHash;
    private Long inventorySize;
    private String nextMarker;
    private Path output;
    private long outputOffset;
    private long outputLength;
    private Instant expiresAt;

    Job(String id, String vault, String vaultArn, String action, String tier, String description, String snsTopic,
        VaultStore.Archive archive, long rangeStart, long rangeEnd,
        String format, String startDate, String endDate, String limit, String marker) {
        this.id = id;
        this.vault = vault;
        this.vaultArn = vaultArn;
        this.action = action;
        this.tier = tier;
        this.description = description;
        this.snsTopic = snsTopic;
        this.archive = archive;
        this.rangeStart = rangeStart;
        this.rangeEnd = rangeEnd;
        this.format = format;
        this.startDate = startDate;
        this.endDate = endDate;
        this.limit = limit;
        this.marker = marker;
        if (archive != null && rangeStart == 0 && rangeEnd == archive.size() - 1) {
            treeHash = archive.treeHash();
        }
    }

    boolean isArchive() {
        return ARCHIVE.equals(action);
    }

    /** True for the one caller that gets to complete this job; the others wait with {@link #awaitCompletion()}. */
    synchronized boolean claim() {
        if (claimed) {
            return false;
        }
        claimed = true;
        return true;
    }

    synchronized void awaitCompletion() {
        while (completed == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized boolean completed() {
        return completed != null;
    }

    synchronized boolean succeeded() {
        return "Succeeded".equals(status);
    }

    synchronized String status() {
        return status;
    }

    synchronized Instant completedAt() {
        return completed;
    }

    synchronized void succeed(Path output, long offset, long length, String treeHash, Long inventorySize,
                              String nextMarker, Instant expiresAt) {
        this.output = output;
        this.outputOffset = offset;
        this.outputLength = length;
        this.treeHash = treeHash;
        this.inventorySize = inventorySize;
        this.nextMarker = nextMarker;
        finish("Succeeded", "Succeeded", expiresAt);
    }

    synchronized void fail(String message, Instant expiresAt) {
        treeHash = null;
        finish("Failed", message, expiresAt);
    }

    private void finish(String status, String message, Instant expiresAt) {
        this.status = status;
        this.statusMessage = message;
        this.completed = Instant.now();
        this.expiresAt = expiresAt;
        notifyAll();
    }

    synchronized void expire() {
        expiresAt = Instant.EPOCH;
    }

    /** When the output expires, or null while the job runs. */
    synchronized Instant expiresAt() {
        return expiresAt;
    }

    synchronized boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    synchronized Path output() {
        return output;
    }

    synchronized long outputOffset() {
        return outputOffset;
    }

    synchronized long outputLength() {
        return outputLength;
    }

    /** The tree hash of the retrieved range when it is tree-aligned, else null. */
    synchronized String treeHash() {
        return treeHash;
    }

    synchronized Map<String, Object> describe() {
        boolean archiveJob = isArchive();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Action", action);
        m.put("ArchiveId", archiveJob ? archive.id() : null);
        m.put("ArchiveSHA256TreeHash", archiveJob ? archive.treeHash() : null);
        m.put("ArchiveSizeInBytes", archiveJob ? archive.size() : null);
        m.put("Completed", completed != null);
        m.put("CompletionDate", Replies.iso(completed));
        m.put("CreationDate", Replies.iso(created));
        if (archiveJob) {
            m.put("InventoryRetrievalParameters", null);
        } else {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("EndDate", endDate);
            p.put("Format", format);
            p.put("Limit", limit);
            p.put("Marker", nextMarker);
            p.put("StartDate", startDate);
            m.put("InventoryRetrievalParameters", p);
        }
        m.put("InventorySizeInBytes", archiveJob ? null : inventorySize);
        m.put("JobDescription", description);
        m.put("JobId", id);
        m.put("RetrievalByteRange", archiveJob ? rangeStart + "-" + rangeEnd : null);
        m.put("SHA256TreeHash", archiveJob ? treeHash : null);
        m.put("SNSTopic", snsTopic);
        m.put("StatusCode", status);
        m.put("StatusMessage", statusMessage);
        m.put("Tier", tier);
        m.put("VaultARN", vaultArn);
        return m;
    }
}
