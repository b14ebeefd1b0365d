package io.thaw.deliver;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A place verified output goes to. Every implementation shows the output under its final name only
 * once it is complete (temporary name then rename, or an S3 multipart upload completed last), and
 * never writes outside its root.
 */
public interface Destination {

    /**
     * Copies a verified file to {@code delivery.relativeName()} under this destination's root (a folder
     * destination on the file's own file system moves it instead, so no byte is written twice).
     *
     * @param verifiedFile output whose tree hash was already checked; the caller deletes it afterwards if
     *                     it is still there
     * @return where it landed, as a URI string without credentials
     */
    Delivered deliver(Path verifiedFile, Delivery delivery) throws IOException;

    /**
     * Opens a copy this destination delivered ({@code location} as {@link #deliver} returned it) to read
     * it back, as it is now: {@code thaw retire} re-verifies it before deleting the archive from Glacier.
     * Throws {@link java.nio.file.NoSuchFileException} when it is not there, another IOException when it
     * cannot be read right now.
     */
    default java.io.InputStream openDelivered(String location) throws IOException {
        throw new IOException("reading back a delivered copy is not supported by " + getClass().getSimpleName());
    }
}
