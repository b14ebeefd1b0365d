package io.thaw.glacier;

/**
 * How many ranged requests a download keeps in flight: it starts with {@link #START} and adds one more
 * each time the aggregate throughput of the last round (as many finished chunks as requests in flight)
 * beat the round before by {@link #GAIN}, up to thaw.download.parallel; once a round does not, it
 * stays. On a distant service, where one connection carries tens of MB/s, that climbs to the maximum;
 * on loopback or a CPU-bound machine, where more requests only share the same cores, it stops early.
 */
final class ParallelRamp {

    static final int START = 2;
    static final double GAIN = 1.15;

    private final int max;
    private int active;
    private boolean settled;
    private long roundStart;
    private long roundBytes;
    private int roundChunks;
    private double lastRate;

    ParallelRamp(int max, long nanoNow) {
        this.max = max;
        this.active = Math.min(START, max);
        this.roundStart = nanoNow;
    }

    /** Requests to start with. */
    synchronized int initial() {
        return active;
    }

    /** A chunk of {@code bytes} finished at {@code nanoNow}; answers whether to start one more request. */
    synchronized boolean finished(long bytes, long nanoNow) {
        roundBytes += bytes;
        if (settled || active >= max || ++roundChunks < active) {
            return false;
        }
        double rate = roundBytes / (double) Math.max(1, nanoNow - roundStart);
        boolean rising = lastRate == 0 || rate > lastRate * GAIN;
        lastRate = rate;
        roundStart = nanoNow;
        roundBytes = 0;
        roundChunks = 0;
        if (!rising) {
            settled = true;
            return false;
        }
        active++;
        return true;
    }

    synchronized int active() {
        return active;
    }
}
