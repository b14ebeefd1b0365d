package io.thaw.deliver.debian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;

/**
 * The system account vsftpd and sshd log thaw in as: created on first use (tests run as root, like
 * CI), its password set each time. It has no home folder; each server roots it in its own temp folder.
 */
public final class LocalUser {

    public static final String NAME = "thawtest";
    public static final String PASSWORD = "Thaw-t3st-pw";

    private LocalUser() {
    }

    private static final Path HOME = Path.of("/var/lib/thawtest");
    private static boolean ready;

    /** Creates the user when it is missing and sets its password. */
    public static synchronized void ensure() {
        if (ready) {
            return;
        }
        try {
            // vsftpd enters the home folder before its local_root: it must exist (root's, read-only to the user)
            Files.createDirectories(HOME);
            try {
                Commands.run("id", "-u", NAME);
                Commands.run("usermod", "--home", HOME.toString(), NAME);
            } catch (IOException absent) {
                Commands.run("useradd", "--no-create-home", "--home-dir", HOME.toString(), "--shell", "/bin/bash", NAME);
            }
            Commands.withInput(NAME + ":" + PASSWORD + "\n", "chpasswd");
            ready = true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up the system user " + NAME + " (tests run as root): "
                    + e.getMessage(), e);
        }
    }

    /** A fresh folder under target/test-work that the servers' users can reach (JUnit's temp folders are 0700). */
    public static Path workDir(String name) throws IOException {
        return Files.createDirectories(Path.of("target/test-work", name + "-" + System.nanoTime()).toAbsolutePath());
    }

    /** Hands a folder (and nothing above it) to the user, so the server can write there as them. */
    public static Path owns(Path dir) throws IOException {
        ensure();
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(
                    java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException(p + " is closed to other users, so " + NAME + " cannot reach " + dir
                        + " — put the servers' folders under target/ (see workDir)");
            }
        }
        Files.createDirectories(dir);
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        UserPrincipal user = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
        GroupPrincipal group = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(NAME);
        view.setOwner(user);
        view.setGroup(group);
        return dir;
    }
}
