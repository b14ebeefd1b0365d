package io.thaw.deliver;

import io.thaw.naming.TemporaryName;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * Delivers into a folder: the bytes go to {@code .<name>.thaw-part} next to the final name (shortened
 * when the name is near the 255-byte limit, see {@link TemporaryName}), are fsynced, get the archive's
 * mtime, are checked against the verified size and tree hash ({@link Delivery#confirm}), and only then
 * are renamed atomically to the final name, so a reader never sees a partial or wrong file under the
 * final name, even after a crash.
 *
 * <p>A destination that may move ({@code moveAllowed}) offers a staging folder of its own,
 * {@code <root>/.thaw-staging}: output downloaded there is on the destination's file system, so
 * delivering it is an fsync and one atomic rename, and each byte is written to disk once.
 */
public final class FileDestination implements Destination {

    static final String PART_SUFFIX = TemporaryName.SUFFIX;
    /** Folder under the root where output for this destination is downloaded and verified. */
    public static final String STAGING_FOLDER = ".thaw-staging";

    private final Path root;
    private final boolean moveAllowed;

    /** Copies verified files; the caller keeps (and deletes) its own. */
    public FileDestination(Path root) {
        this(root, false);
    }

    /**
     * @param moveAllowed when true and the verified file is on the same file store as the root, it is
     *                    moved instead of copied (no second copy of a terabyte archive)
     */
    public FileDestination(Path root, boolean moveAllowed) {
        this.root = root.toAbsolutePath().normalize();
        this.moveAllowed = moveAllowed;
    }

    public Path root() {
        return root;
    }

    /**
     * Where output for this destination is best downloaded (same file system, so delivery renames), or
     * null when this destination copies (the caller's own staging folder is as good as any).
     */
    public Path stagingFolder() {
        return moveAllowed ? root.resolve(STAGING_FOLDER) : null;
    }

    /** The name of the part file a delivery named {@code name} is written to before its rename. */
    static String partName(String name) {
        return TemporaryName.of(name);
    }

    @Override
    public Delivered deliver(Path verifiedFile, Delivery delivery) throws IOException {
        List<String> segments = RelativeName.segments(delivery.relativeName());
        SizeCheck.require(verifiedFile, delivery, root.toUri().toString());
        Files.createDirectories(root);
        Path realRoot = root.toRealPath();
        Path dir = createParents(realRoot, segments.subList(0, segments.size() - 1));
        String name = segments.get(segments.size() - 1);
        Path target = dir.resolve(name);
        Path part = dir.resolve(partName(name));
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot deliver " + delivery.relativeName() + ": " + target
                    + " is a directory — remove it or deliver to another folder");
        }
        if (segments.get(0).equals(STAGING_FOLDER)) {
            throw new IOException("cannot deliver " + delivery.relativeName() + ": " + STAGING_FOLDER
                    + " is thaw's staging folder in " + root + " — give the archive another name (thaw.naming.overrides)");
        }
        if (moveAllowed && sameStore(verifiedFile, dir)) {
            renameInto(verifiedFile, target, delivery);
            fsyncDirectory(dir);
            return new Delivered(target.toUri().toString(), Files.size(target));
        }
        Files.deleteIfExists(part); // left over by an interrupted earlier attempt
        try {
            writePart(verifiedFile, part);
            if (delivery.lastModified() != null) {
                Files.setLastModifiedTime(part, FileTime.from(delivery.lastModified()));
            }
            // what the final name will show, read back: a short or changed part never gets the final name
            delivery.confirm(Files.size(part), io.thaw.glacier.TreeHash.of(part), part.toString());
            moveAtomically(part, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        fsyncDirectory(dir);
        return new Delivered(target.toUri().toString(), Files.size(target));
    }

    /**
     * Creates the parent folders one by one so that no existing component can be a symlink that leads
     * outside the root: symlinks are followed only when their target stays under the root.
     */
    private static Path createParents(Path realRoot, List<String> dirs) throws IOException {
        Path dir = realRoot;
        for (String segment : dirs) {
            Path next = dir.resolve(segment);
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(next);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another delivery (a concurrent notice consumer) made it first: checked below like any entry
                }
            }
            if (Files.isSymbolicLink(next)) {
                Path resolved = next.toRealPath();
                if (!resolved.startsWith(realRoot)) {
                    throw new IOException("refusing to deliver through " + next + ": it is a symbolic link to "
                            + resolved + ", outside the destination folder " + realRoot
                            + " — remove the link or choose another destination");
                }
                next = resolved;
            }
            if (!Files.isDirectory(next)) {
                throw new IOException("cannot create folder " + next + ": a file with that name exists");
            }
            dir = next;
        }
        return dir;
    }

    /**
     * The verified file is on this file system: it is its own part file. fsync (its chunks were mostly
     * forced while downloading, so little is left), the archive's mtime, then one atomic rename — no byte
     * is written a second time. A crash before the rename leaves it where a resumed download finds it.
     * A sealed file (its download hashed every byte as read back from it) whose seal still holds is not
     * read again; the seal is checked first, since setting the mtime moves the change time.
     */
    private static void renameInto(Path verified, Path target, Delivery delivery) throws IOException {
        Boolean sealHolds = delivery.seal() == null ? null : delivery.seal().matches(verified);
        try (FileChannel ch = FileChannel.open(verified, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        if (delivery.lastModified() != null) {
            Files.setLastModifiedTime(verified, FileTime.from(delivery.lastModified()));
        }
        if (sealHolds != null) {
            delivery.confirmSealed(Files.size(verified), sealHolds, verified.toString());
        } else {
            // The bytes that will carry the final name, read back once (a read, not a second write): whatever
            // happened to the file since the download verified it, a short, emptied or changed file never gets
            // the final name; and the job's claim is fenced.
            delivery.confirm(Files.size(verified), readBack(verified), verified.toString());
        }
        moveAtomically(verified, target);
    }

    /** Segments of the read-back hashed side by side: whole subtrees of the tree hash (power-of-two MiB). */
    static final long READ_BACK_SEGMENT = 32L << 20;

    /**
     * The tree hash of a verified file read back before its rename, its 32 MiB segments hashed on the
     * common pool's threads and the caller's: the same CPU as one pass, but on two cores it takes half the
     * wall time (~0.9 s per GiB in one pass, the larger part of a folder delivery).
     */
    static String readBack(Path file) throws IOException {
        long size = Files.size(file);
        int segments = (int) ((size + READ_BACK_SEGMENT - 1) / READ_BACK_SEGMENT);
        if (segments <= 1) {
            return io.thaw.glacier.TreeHash.of(file);
        }
        try {
            List<byte[]> hashes = java.util.stream.IntStream.range(0, segments).parallel().mapToObj(i -> {
                long off = i * READ_BACK_SEGMENT;
                try {
                    return io.thaw.glacier.TreeHash.of(file, off, Math.min(READ_BACK_SEGMENT, size - off));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            return io.thaw.glacier.TreeHash.toHex(io.thaw.glacier.TreeHash.combine(hashes));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void writePart(Path source, Path part) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            long pos = 0;
            while (pos < size) {
                long n = in.transferTo(pos, size - pos, out);
                if (n <= 0) {
                    throw new IOException("copy of " + source + " stalled at byte " + pos + " of " + size);
                }
                pos += n;
            }
            // fsync before the rename: otherwise a crash can leave the final name pointing at missing data
            out.force(true);
        }
    }

    /** Same device (cheap: a stat, where getFileStore parses the mount table), else same file store. */
    private static boolean sameStore(Path a, Path dir) {
        try {
            return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(dir, "unix:dev"));
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            try {
                FileStore sa = Files.getFileStore(a);
                return sa.equals(Files.getFileStore(dir));
            } catch (IOException e) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static void moveAtomically(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + part + " to " + target + " atomically: " + e.getMessage()
                    + " — the destination folder's file system must support atomic rename", e);
        }
    }

    /** Makes the rename itself durable. Not every OS lets a directory be opened; then we skip it. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort (e.g. Windows); the file data itself was already forced
        }
    }
}
