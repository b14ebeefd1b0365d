package io.thaw.deliver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The file handed over must be exactly the verified archive: a different size means a mix-up upstream. */
final class SizeCheck {

    private SizeCheck() {
    }

    /** Returns the file's size, or throws when it differs from the verified size. */
    static long require(Path file, Delivery delivery, String where) throws IOException {
        long size = Files.size(file);
        if (size != delivery.size()) {
            throw new IOException("refusing to deliver " + file + " to " + where + ": it holds " + size
                    + " bytes but the verified archive has " + delivery.size() + " — it changed after verification");
        }
        return size;
    }
}
