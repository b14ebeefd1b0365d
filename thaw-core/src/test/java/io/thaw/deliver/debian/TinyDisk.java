package io.thaw.deliver.debian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tmpfs of a few hundred KiB mounted on a folder (tests run as root): a disk that fills up at once. */
public final class TinyDisk implements AutoCloseable {

    private final Path mountPoint;

    /** Mounts it owned by {@link LocalUser}, so the servers write there as that user. */
    public TinyDisk(Path mountPoint, int kib) throws IOException {
        this.mountPoint = Files.createDirectories(mountPoint);
        LocalUser.ensure();
        String uid = Commands.run("id", "-u", LocalUser.NAME).trim();
        String gid = Commands.run("id", "-g", LocalUser.NAME).trim();
        Commands.run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0755,uid=" + uid + ",gid=" + gid,
                "thaw-test-full", mountPoint.toString());
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException {
        Commands.run("umount", "--lazy", mountPoint.toString());
    }
}
