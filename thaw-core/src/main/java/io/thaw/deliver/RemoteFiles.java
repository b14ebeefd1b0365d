package io.thaw.deliver;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * One logged-in session on an FTP, FTPS or SFTP server: the few operations {@link RemoteUpload} needs.
 * Every failure is an IOException whose message is the server's own reply (or the client library's
 * words when the server said nothing), prefixed with the operation, e.g. {@code STOR .a.part: 451
 * Failure writing to local file.}
 */
interface RemoteFiles extends Closeable {

    /** Opens a session: connect, check who the server is, log in. */
    @FunctionalInterface
    interface Opener {
        RemoteFiles open() throws IOException;
    }

    /** The absolute path of the current folder. */
    String here() throws IOException;

    /** Enters a folder (a child of the current one, or absolute); false when it does not exist. */
    boolean enter(String folder) throws IOException;

    /** Creates a child folder of the current one. */
    void make(String folder) throws IOException;

    /** Writes the stream, to its end, under {@code name} in the current folder, replacing what is there. */
    void upload(InputStream in, String name) throws IOException;

    /**
     * Streams a file back (thaw retire re-reads delivered copies); closing the stream ends the transfer.
     * A missing file is a {@link java.nio.file.NoSuchFileException}.
     */
    InputStream read(String path) throws IOException;

    /** Renames within the current folder, replacing {@code to} when it exists. */
    void replace(String from, String to) throws IOException;

    void delete(String path) throws IOException;

    void removeFolder(String path) throws IOException;
}
