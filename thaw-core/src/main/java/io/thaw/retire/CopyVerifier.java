package io.thaw.retire;

import io.thaw.deliver.Destinations;
import io.thaw.glacier.TreeHash;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a delivered copy back from where it is now and tree-hashes it: a folder copy from the file
 * system, S3/FTP/FTPS/SFTP copies through the destination they were delivered to (its configured
 * settings and credentials). Streams: nothing is held in memory whatever the size.
 */
public final class CopyVerifier {

    private final Destinations destinations;

    /** @param destinations resolves a job's destination (name or URI) as deliveries do (folder copies need none of it) */
    public CopyVerifier(Destinations destinations) {
        this.destinations = destinations;
    }

    /** Null when the copy at the item's location holds exactly the archive; otherwise why not, in words. */
    public String problem(RetireItem item) {
        String where = item.location();
        if (where == null) {
            return "no delivered location is recorded";
        }
        if (item.treeHash() == null) {
            return "no verified tree hash is recorded for it";
        }
        try (InputStream in = open(item)) {
            TreeHash th = new TreeHash();
            byte[] buf = new byte[256 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                th.update(buf, 0, n);
            }
            if (th.size() != item.size()) {
                return "the delivered copy " + where + " holds " + th.size() + " bytes, the archive " + item.size();
            }
            String hash = th.hex();
            if (!hash.equals(item.treeHash())) {
                return "the delivered copy " + where + " differs from the archive (tree hash " + hash + ", expected "
                        + item.treeHash() + ")";
            }
            return null;
        } catch (NoSuchFileException e) {
            return "the delivered copy " + where + " is missing";
        } catch (IOException | RuntimeException e) {
            return "the delivered copy " + where + " cannot be read now: " + e.getMessage();
        }
    }

    private InputStream open(RetireItem item) throws IOException {
        String location = item.location();
        if (location.regionMatches(true, 0, "file:", 0, 5)) {
            Path p = Path.of(URI.create(location));
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString());
            }
            return Files.newInputStream(p);
        }
        if (item.destination() == null) {
            throw new IOException("no destination settings to read " + location + " with");
        }
        return destinations.resolve(item.destination()).openDelivered(location);
    }
}
