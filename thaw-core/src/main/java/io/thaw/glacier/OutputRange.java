package io.thaw.glacier;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sub-range of a job's output to download ({@code thaw fetch --range}), relative to the output.
 * Only ranges that are nodes of the archive's tree hash tree are accepted: for those Glacier returns
 * the range's own tree hash, so its bytes can be verified; for any other range they could not be.
 */
public record OutputRange(long start, long endInclusive) {

    private static final Pattern SPEC = Pattern.compile("(?:bytes=)?(\\d+)-(\\d+)");

    public long length() {
        return endInclusive - start + 1;
    }

    /** {@code bytes=a-b} or {@code a-b}. */
    public static OutputRange parse(String spec) {
        Matcher m = SPEC.matcher(spec.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--range '" + spec + "' is not a byte range — write a-b or bytes=a-b"
                    + " (first and last byte, inclusive, counted from the start of the job output)");
        }
        long a = Long.parseLong(m.group(1));
        long b = Long.parseLong(m.group(2));
        if (b < a) {
            throw new IllegalArgumentException("--range " + spec + " ends before it starts");
        }
        return new OutputRange(a, b);
    }

    /** Refuses a range the job's output cannot serve with a verifiable hash, saying which range would do. */
    public void check(CompletedJob job) {
        if (job.isInventory()) {
            throw new IllegalArgumentException("--range works for archive retrievals only: Glacier gives no tree hash"
                    + " for an inventory, so part of one could not be verified — fetch the whole inventory");
        }
        if (endInclusive >= job.outputSize()) {
            throw new IllegalArgumentException("--range " + start + "-" + endInclusive + " goes past the end of the job"
                    + " output (" + job.outputSize() + " bytes, last byte " + (job.outputSize() - 1) + ")");
        }
        long archiveSize = job.archiveSize() == null ? job.outputSize() : job.archiveSize();
        long absStart = job.outputOffset() + start;
        long absEnd = job.outputOffset() + endInclusive;
        if (job.outputTreeHash() == null || !TreeHash.isTreeAligned(absStart, absEnd, archiveSize)) {
            long[] fit = enclosingNode(absStart, absEnd, archiveSize);
            if (fit != null && (fit[0] < job.outputOffset() || fit[1] >= job.outputOffset() + job.outputSize())) {
                fit = null; // the node sticks out of what this job retrieved
            }
            throw new IllegalArgumentException("--range " + start + "-" + endInclusive + " cannot be verified: Glacier"
                    + " returns a tree hash only for a range that starts at a multiple of a power-of-two number of"
                    + " MiB and is exactly that long (or ends at the archive's last byte)"
                    + (fit == null || job.outputTreeHash() == null ? " — fetch the whole output instead" : "; the smallest such range holding yours is "
                    + (fit[0] - job.outputOffset()) + "-" + (fit[1] - job.outputOffset())));
        }
    }

    /** The smallest tree node [start, end] of the archive holding [a, b], or null if outside the output. */
    static long[] enclosingNode(long a, long b, long archiveSize) {
        long leaves = (archiveSize + TreeHash.LEAF - 1) / TreeHash.LEAF;
        for (long span = 1; span <= Long.highestOneBit(Math.max(1, leaves)) * 2; span <<= 1) {
            long first = a / TreeHash.LEAF / span;
            if (first == b / TreeHash.LEAF / span) {
                long s = first * span * TreeHash.LEAF;
                long e = Math.min((first + 1) * span * TreeHash.LEAF, archiveSize) - 1;
                return new long[] {s, e};
            }
        }
        return null;
    }
}
