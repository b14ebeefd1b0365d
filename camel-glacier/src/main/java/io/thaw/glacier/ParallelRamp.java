package io.thaw.glacier;

/**
 * How many ranged requests a download keeps in flight: it starts with {@link #START} and doubles them
 * (up to thaw.download.parallel) each time the aggregate throughput of the last round (as many finished
 * chunks as requests in flight) beat the round before by at least {@link #GAIN_SHARE} of what the added
 * requests would bring if each carried as much as the others; once a round does not, it stays. On a
 * distant service, where one connection carries tens of MB/s, that reaches the maximum in two rounds;
 * on loopback or a CPU-bound machine, where more requests only share the same cores, it stops early.
 *
 * <p>Why doubling: adding one request per round took six rounds (27 chunks of 32 MiB, over a third of a
 * 2 GiB output at 40 MiB/s per connection) to reach 8, and each step's expected gain (8/7 = 1.14) fell
 * within the noise of a round's measurement, so a ramp stalled at 4-6 requests.
 */
final class ParallelRamp {

    static final int START = 2;
    /** Share of the ideal gain (proportional to the requests added) a round must show to grow again. */
    static final double GAIN_SHARE = 0.5;

    private final int max;
    private int active;
    private boolean settled;
    private long roundStart;
    private long roundBytes;
    private int roundChunks;
    private double lastRate;
    private int lastActive;

    ParallelRamp(int max, long nanoNow) {
        this.max = max;
        this.active = Math.min(START, max);
        this.roundStart = nanoNow;
    }

    /** Requests to start with. */
    synchronized int initial() {
        return active;
    }

    /** A chunk of {@code bytes} finished at {@code nanoNow}; answers how many more requests to start. */
    synchronized int finished(long bytes, long nanoNow) {
        roundBytes += bytes;
        if (settled || active >= max || ++roundChunks < active) {
            return 0;
        }
        double rate = roundBytes / (double) Math.max(1, nanoNow - roundStart);
        boolean rising = lastRate == 0
                || rate > lastRate * (1 + GAIN_SHARE * (active - lastActive) / (double) lastActive);
        lastRate = rate;
        lastActive = active;
        roundStart = nanoNow;
        roundBytes = 0;
        roundChunks = 0;
        if (!rising) {
            settled = true;
            return 0;
        }
        int more = Math.min(active * 2, max) - active;
        active += more;
        return more;
    }

    synchronized int active() {
        return active;
    }
}
