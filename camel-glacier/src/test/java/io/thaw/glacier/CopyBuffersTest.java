package io.thaw.glacier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Large pieces for large bodies, from a pool that never holds more than its budget, whatever the demand. */
class CopyBuffersTest {

    @Test
    void largeBodiesShareABoundedPoolAndTheRestUseTheThreadsSmallPair() {
        CopyBuffers.Pair small = CopyBuffers.acquire(CopyBuffers.LARGE - 1);
        assertEquals(CopyBuffers.SMALL, small.heap().length);
        assertFalse(small.pooled());
        assertSame(small, CopyBuffers.acquire(4096), "one small pair per thread");

        List<CopyBuffers.Pair> taken = new ArrayList<>();
        for (int i = 0; i < CopyBuffers.LARGE_PAIRS; i++) {
            CopyBuffers.Pair p = CopyBuffers.acquire(32L << 20);
            assertTrue(p.pooled(), "pair " + i);
            assertEquals(CopyBuffers.LARGE, p.heap().length);
            assertTrue(p.aligned().capacity() >= CopyBuffers.LARGE);
            assertEquals(0, p.aligned().alignmentOffset(0, StagingChannels.MAX_ALIGN));
            taken.add(p);
        }
        CopyBuffers.Pair overflow = CopyBuffers.acquire(32L << 20);
        assertFalse(overflow.pooled(), "the pool is spent: a small pair, not a ninth large one");

        CopyBuffers.release(taken.get(0));
        assertSame(taken.get(0), CopyBuffers.acquire(32L << 20), "a released pair is used again");
        taken.forEach(CopyBuffers::release);
    }
}
