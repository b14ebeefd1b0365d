package io.thaw.inventory;

import java.io.IOException;

/**
 * An inventory that does not follow Glacier's format at some point. {@link #skippable()} tells the
 * caller whether the reader is still usable: a bad row (wrong field count, bad size, bad hash) was
 * consumed whole and the next call continues with the following row; a broken document (unclosed
 * quote at end of file, invalid JSON, wrong header) is not skippable and every later call fails again.
 */
public class MalformedInventoryException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long line;
    private final boolean skippable;

    public MalformedInventoryException(String message, long line, boolean skippable) {
        super(message);
        this.line = line;
        this.skippable = skippable;
    }

    public MalformedInventoryException(String message, long line, boolean skippable, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.skippable = skippable;
    }

    /** 1-based line of the input where the bad row or token starts. */
    public long line() {
        return line;
    }

    public boolean skippable() {
        return skippable;
    }
}
