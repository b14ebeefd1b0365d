package io.thaw.glacier;

/**
 * Told how a download is going, about once a second (and once more when it ends), e.g. to redraw a
 * console progress line. Called from download threads: implementations must be quick and thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = p -> { };

    /**
     * @param label       what is downloading ("job 1a2b3c4d (photos)")
     * @param done        bytes verified or in flight so far, including chunks reused from an earlier run
     * @param total       bytes of the whole download
     * @param bytesPerSec rate of this run (reused bytes excluded)
     * @param etaSeconds  estimated seconds left, -1 when unknown
     * @param finished    true for the last call
     */
    record Progress(String label, long done, long total, double bytesPerSec, long etaSeconds, boolean finished) {

        /** "1.2 GiB of 4.0 GiB (30%), 210.5 MiB/s, ETA 14 s". */
        public String line() {
            return ProgressMeter.human(done) + " of " + ProgressMeter.human(total) + " ("
                    + (total == 0 ? 100 : done * 100 / total) + "%), " + ProgressMeter.human((long) bytesPerSec)
                    + "/s, " + (finished ? "done" : "ETA " + (etaSeconds < 0 ? "?" : etaSeconds + " s"));
        }
    }

    void progress(Progress p);
}
