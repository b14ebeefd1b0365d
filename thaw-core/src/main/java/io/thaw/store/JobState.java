package io.thaw.store;

/** Where a Glacier job stands in thaw. DELIVERED, FAILED and EXPIRED are final. */
public enum JobState {
    /** InitiateJob accepted; waiting for Glacier to finish the job. */
    REQUESTED,
    /** Glacier finished the job; its output can be downloaded (for 24 h). */
    STAGED,
    /** Output is being downloaded, verified or delivered. */
    DOWNLOADING,
    /** Verified output is at its destination under its final name. */
    DELIVERED,
    /** Glacier failed the job, or thaw gave up with a stated reason. */
    FAILED,
    /**
     * The 24 h output window closed (or Glacier answered 404) before delivery: a new job was started
     * for the same archive and destination, and this record names it (replaced_by).
     */
    EXPIRED;

    /** A state a user named, in any case; a wrong name is refused with the names there are. */
    public static JobState named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a job state — use one of "
                    + java.util.Arrays.toString(values()));
        }
    }

    public boolean isFinal() {
        return this == DELIVERED || this == FAILED || this == EXPIRED;
    }
}
