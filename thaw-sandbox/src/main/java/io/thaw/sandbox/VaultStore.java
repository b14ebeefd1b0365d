package io.thaw.sandbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Vaults, their archives' metadata and notification settings. Metadata lives in memory (lost when the
 * sandbox stops); archive bytes live in files (see {@link ArchiveStore}).
 *
 * <p>DescribeVault/ListVaults report LIVE counts and sizes (real Glacier reports them as of the last
 * daily inventory, null before the first); {@code LastInventoryDate} is the completion time of the
 * vault's last inventory job, null before one. Live counts make tests and demos readable at once.
 */
final class VaultStore {

    record Archive(String id, String description, Instant created, long size, String treeHash, Path file) { }

    record Notifications(String topic, List<String> events) { }

    static final class Vault {
        final String name;
        final String arn;
        final Instant created = Instant.now();
        final Map<String, Archive> archives = new LinkedHashMap<>();
        Instant lastInventory;
        /** Archives the last inventory listed; -1 before the first. */
        long lastInventoryCount = -1;
        /** Last upload or delete: Glacier refuses DeleteVault until an inventory has caught up with it. */
        Instant lastWrite;
        /** Deleted archives an inventory still lists until the refresh delay has passed, with when. */
        final Map<String, Instant> deletedAt = new LinkedHashMap<>();
        final Map<String, Archive> deleted = new LinkedHashMap<>();
        Notifications notifications;

        Vault(String name, String arn) {
            this.name = name;
            this.arn = arn;
        }
    }

    private final String region;
    private final String account;
    private final Map<String, Vault> vaults = new TreeMap<>();
    /** How long deletes take to leave inventories (Glacier refreshes them about daily); zero = at once. */
    private volatile java.time.Duration inventoryRefresh = java.time.Duration.ZERO;

    VaultStore(String region, String account) {
        this.region = region;
        this.account = account;
    }

    String arn(String vault) {
        return "arn:aws:glacier:" + region + ":" + account + ":vaults/" + vault;
    }

    synchronized void create(String name) {
        if (!name.matches("[a-zA-Z0-9_.-]{1,255}")) {
            throw GlacierException.invalid("Invalid vault name: " + name
                    + " (1 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.')");
        }
        vaults.computeIfAbsent(name, n -> new Vault(n, arn(n)));
    }

    /** The vault, or 404 with Glacier's message. */
    synchronized Vault get(String name) {
        Vault v = vaults.get(name);
        if (v == null) {
            throw GlacierException.notFound("Vault not found for ARN: " + arn(name));
        }
        return v;
    }

    void inventoryRefresh(java.time.Duration d) {
        inventoryRefresh = d;
    }

    synchronized void delete(String name) {
        Vault v = get(name);
        // As on AWS: refused while the last inventory lists archives, or (with a refresh delay) while no
        // inventory refresh has followed the last write.
        boolean unrefreshed = !inventoryRefresh.isZero() && v.lastWrite != null
                && v.lastWrite.plus(inventoryRefresh).isAfter(Instant.now());
        if (!v.archives.isEmpty() || v.lastInventoryCount > 0 || unrefreshed) {
            throw GlacierException.invalid("Vault not empty or recently written to: " + v.arn);
        }
        vaults.remove(name);
    }

    /** Vaults from {@code marker} (inclusive, a vault ARN) on, at most {@code limit}. */
    synchronized List<Vault> list(String marker, int limit, String[] nextMarker) {
        List<Vault> page = new ArrayList<>();
        nextMarker[0] = null;
        for (Vault v : vaults.values()) {
            if (marker != null && v.arn.compareTo(marker) < 0) {
                continue;
            }
            if (page.size() == limit) {
                nextMarker[0] = v.arn;
                break;
            }
            page.add(v);
        }
        return page;
    }

    synchronized Map<String, Object> describe(Vault v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CreationDate", Replies.iso(v.created));
        m.put("LastInventoryDate", Replies.iso(v.lastInventory));
        m.put("NumberOfArchives", v.archives.size());
        m.put("SizeInBytes", v.archives.values().stream().mapToLong(Archive::size).sum());
        m.put("VaultARN", v.arn);
        m.put("VaultName", v.name);
        return m;
    }

    synchronized void addArchive(String vault, Archive a) {
        Vault v = get(vault);
        v.archives.put(a.id(), a);
        v.lastWrite = Instant.now();
    }

    /** Removes and returns the archive, or null if it was not there (DeleteArchive is idempotent). */
    synchronized Archive removeArchive(String vault, String id) {
        Vault v = get(vault);
        Archive a = v.archives.remove(id);
        if (a != null) {
            v.lastWrite = Instant.now();
            if (!inventoryRefresh.isZero()) {
                v.deleted.put(id, a);
                v.deletedAt.put(id, v.lastWrite);
            }
        }
        return a;
    }

    synchronized Archive archiveOrNull(String vault, String id) {
        return get(vault).archives.get(id);
    }

    /**
     * What an inventory taken now lists: the archives, plus those deleted less than the refresh delay
     * ago (Glacier's inventory has not caught up with them yet).
     */
    synchronized List<Archive> inventoryArchives(String vault) {
        Vault v = get(vault);
        Instant cutoff = Instant.now().minus(inventoryRefresh);
        v.deletedAt.entrySet().removeIf(e -> {
            boolean old = !e.getValue().isAfter(cutoff);
            if (old) {
                v.deleted.remove(e.getKey());
            }
            return old;
        });
        List<Archive> out = new ArrayList<>(v.archives.values());
        out.addAll(v.deleted.values());
        return out;
    }

    /** The archive for a retrieval job: 404 if unknown anywhere, "Invalid vault name" if it lives elsewhere. */
    synchronized Archive archiveForJob(String vault, String id) {
        Vault v = get(vault);
        Archive a = v.archives.get(id);
        if (a != null) {
            return a;
        }
        for (Vault other : vaults.values()) {
            if (other.archives.containsKey(id)) {
                throw GlacierException.invalid("Invalid vault name: " + v.arn);
            }
        }
        throw GlacierException.notFound("The archive ID was not found: " + id);
    }

    synchronized boolean hasArchive(String vault, String id) {
        Vault v = vaults.get(vault);
        return v != null && v.archives.containsKey(id);
    }

    /** A copy of the vault's archives, for an inventory snapshot. */
    synchronized List<Archive> archives(String vault) {
        return new ArrayList<>(get(vault).archives.values());
    }

    synchronized void inventoryTaken(String vault, Instant when) {
        inventoryTaken(vault, when, -1);
    }

    /** An inventory completed listing {@code count} archives (-1: a partial page, count unknown). */
    synchronized void inventoryTaken(String vault, Instant when, long count) {
        Vault v = vaults.get(vault);
        if (v != null) {
            v.lastInventory = when;
            if (count >= 0) {
                v.lastInventoryCount = count;
            }
        }
    }

    synchronized void setNotifications(String vault, Notifications n) {
        get(vault).notifications = n;
    }

    synchronized Notifications notifications(String vault) {
        Vault v = vaults.get(vault);
        return v == null ? null : v.notifications;
    }
}
