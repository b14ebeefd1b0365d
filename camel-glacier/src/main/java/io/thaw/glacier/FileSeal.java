package io.thaw.glacier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * The identity of a verified staging file at the moment its download verified it: device, inode, size,
 * modification and change time. The download hashed every piece as read back from the file after writing
 * it, so while the seal still {@link #matches} (nothing wrote, truncated, replaced or touched the file
 * since — any of that moves the change time), the file holds the verified bytes and a delivery by rename
 * needs no second read of them. Where the file system gives no such attributes there is no seal, and the
 * delivery reads the file back as before.
 */
public record FileSeal(Object device, Object inode, long size, FileTime modified, FileTime changed) {

    private static final String ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime";
    /**
     * File systems with coarse timestamps (a kernel tick, 1-10 ms) would give a write in the same tick as the
     * download's last one the same times; sealing only once this much has passed since them makes any later
     * write move them. (Kernels with fine-grained change times need no wait; the check costs nothing there.)
     */
    static final long TICK_MILLIS = 20;

    /** The seal of {@code file} now, or null when its file system gives no unix attributes. */
    public static FileSeal of(Path file) throws IOException {
        FileSeal seal = read(file);
        if (seal == null) {
            return null;
        }
        long last = Math.max(seal.modified.toMillis(), seal.changed.toMillis());
        long wait = last + TICK_MILLIS - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null; // no seal: the delivery reads the file back
            }
            seal = read(file);
        }
        return seal;
    }

    /** Whether {@code file} is still the very file sealed, unchanged. */
    public boolean matches(Path file) throws IOException {
        return equals(read(file));
    }

    private static FileSeal read(Path file) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, ATTRIBUTES);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return null;
        }
        return new FileSeal(a.get("dev"), a.get("ino"), (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"),
                (FileTime) a.get("ctime"));
    }
}
