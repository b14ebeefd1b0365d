package io.thaw.request;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a job's RetrievalByteRange the way Glacier will, so a bad range fails here and not at InitiateJob. */
final class RetrievalByteRange {

    static final long MIB = 1L << 20;
    private static final Pattern RANGE = Pattern.compile("([0-9]{1,19})-([0-9]{1,19})");

    private RetrievalByteRange() {
    }

    static void check(String field, String value) throws RequestRejectedException {
        Matcher m = RANGE.matcher(value);
        long start;
        long end;
        try {
            if (!m.matches()) {
                throw new NumberFormatException();
            }
            start = Long.parseLong(m.group(1));
            end = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw new RequestRejectedException(field + " \"" + GlacierNames.printable(value) + "\" is malformed: write"
                    + " \"<first byte>-<last byte>\" in decimal, both inclusive, without spaces or units — e.g."
                    + " \"0-1048575\" for the first MiB");
        }
        if (start > end) {
            throw new RequestRejectedException(field + " \"" + value + "\" starts after it ends (" + start + " > " + end
                    + "): write the first byte, then the last byte — swapped and aligned that is \"" + suggestion(end, start) + "\"");
        }
        if (start % MIB != 0) {
            throw new RequestRejectedException(field + " \"" + value + "\" is not megabyte aligned: the start must be a"
                    + " multiple of 1048576 (1 MiB) — e.g. \"" + suggestion(start, end) + "\"");
        }
        // Glacier also wants end+1 to be a multiple of 1 MiB, EXCEPT when end is the archive's last byte
        // (a range may run to the end of an archive of any size). thaw does not know the archive size here
        // (the inventory may be days old or absent), so a non-aligned end is accepted; if it is not the
        // last byte, InitiateJob fails with Glacier's own InvalidParameterValueException.
    }

    /** The smallest aligned range covering [start, end]: what the user most likely meant. */
    private static String suggestion(long start, long end) {
        long alignedStart = start / MIB * MIB;
        long alignedEnd = (end / MIB + 1) * MIB - 1;
        return alignedStart + "-" + alignedEnd;
    }
}
