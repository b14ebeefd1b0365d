package io.thaw.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.ThawConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pacer's controllers with a fake clock (time is an argument): the adaptive start rate, the 24 h
 * window rule, the plan's time estimate with the defaults, and the caps that make a run impossible.
 */
class PaceControllerTest {

    static final long GIB = 1L << 30;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Pace defaults() {
        return Pace.from(ThawConfig.of(k -> null, Set::of));
    }

    static Pace with(Map<String, String> settings) {
        return Pace.from(ThawConfig.of(settings::get, settings::keySet));
    }

    /** Runs a second of starts at the rate; throttled = Glacier refuses every start of that second. */
    static int second(AdaptiveRate rate, Instant at, boolean throttled) {
        int started = 0;
        for (int ms = 0; ms < 1000; ms += 100) {
            Instant now = at.plusMillis(ms);
            while (rate.permits(now) >= 1) {
                if (throttled) {
                    rate.pushedBack();
                    break;
                }
                rate.accepted();
                started++;
            }
        }
        return started;
    }

    @Test
    void startRateBeginsHighGrowsWhileAcceptedFallsOnThrottlingAndRecovers() {
        AdaptiveRate rate = new AdaptiveRate(20, 0);
        assertEquals(20, rate.rate(), 0.001, "starts at tens of jobs per second");
        Instant t = T0;
        int first = 0;
        for (int s = 0; s < 10; s++, t = t.plusSeconds(1)) {
            first += second(rate, t, false);
        }
        double grown = rate.rate();
        assertTrue(grown > 100, "additive increase (about 10 jobs/s per second) while Glacier accepts: " + grown);
        assertTrue(first >= 180, "about 20+ jobs/s started over 10 s: " + first);
        second(rate, t, true);
        t = t.plusSeconds(1);
        double throttled = rate.rate();
        assertTrue(throttled < grown / 4, "multiplicative decrease on throttling: " + grown + " -> " + throttled);
        assertTrue(throttled >= AdaptiveRate.FLOOR, "never below the floor");
        for (int s = 0; s < 60; s++, t = t.plusSeconds(1)) {
            second(rate, t, true);
        }
        assertEquals(AdaptiveRate.FLOOR, rate.rate(), 1e-9, "a minute of throttling: at the floor, never zero");
        int atFloor = 0;
        for (int s = 0; s < 10; s++, t = t.plusSeconds(1)) {
            atFloor += second(rate, t, false);
        }
        assertTrue(atFloor >= 2, "never stalls: starts go on at the floor and the rate climbs back: " + atFloor);
        for (int s = 0; s < 120; s++, t = t.plusSeconds(1)) {
            second(rate, t, false);
        }
        assertTrue(rate.rate() > 20, "recovered after throttling stopped: " + rate.rate());
    }

    @Test
    void theOperatorsJobsPerSecondIsAHardCap() {
        AdaptiveRate rate = new AdaptiveRate(20, 5);
        assertEquals(5, rate.rate(), 1e-9, "the start rate never exceeds the cap");
        Instant t = T0;
        int total = 0;
        for (int s = 0; s < 100; s++, t = t.plusSeconds(1)) {
            total += second(rate, t, false);
            assertTrue(rate.rate() <= 5, "rate " + rate.rate());
        }
        assertTrue(total <= 5 * 100 + 1, "at most 5 jobs/s over 100 s: " + total);
        assertTrue(total >= 5 * 100 - 5, "and the cap is reached: " + total);
    }

    @Test
    void windowRuleFollowsTheMeasuredDownloadRateAndASlowDestinationLowersIt() {
        Pace pace = defaults();
        WindowRule w = new WindowRule(pace);
        long assumed = pace.windowBytes(pace.downloadRate());
        assertEquals(50L << 20, pace.downloadRate());
        assertEquals((50L << 20) * 20 * 3600, assumed, "50 MiB/s x (24 h - 4 h margin) before any measurement");
        long delivered = 0;
        Instant t = T0;
        for (int s = 0; s <= 60; s++, t = t.plusSeconds(1)) {
            w.observe(t, delivered, true);
            delivered += 1L << 20; // a slow destination: 1 MiB/s while output waits
        }
        assertTrue(w.measured());
        assertEquals(1L << 20, w.rate(), 1, "measured 1 MiB/s");
        assertEquals((1L << 20) * 20 * 3600, w.allowedBytes(), 20 * 3600, "the window lets 1 MiB/s x 20 h be in flight");
        // idle spans (no output waiting) say nothing slow: the rate climbs back towards the configured one
        for (int s = 0; s <= 600; s++, t = t.plusSeconds(1)) {
            w.observe(t, delivered, false);
        }
        assertEquals(pace.downloadRate(), w.rate(), 1, "back at the configured rate");
        // nothing delivered while output waits: the rate falls towards zero (one job may still fly)
        for (int s = 0; s <= 300; s++, t = t.plusSeconds(1)) {
            w.observe(t, delivered, true);
        }
        assertTrue(w.allowedBytes() < pace.windowBytes(pace.downloadRate()) / 100, "stalled downloads: " + w.rate());
    }

    @Test
    void defaultsPlanAHundredThousandArchiveBulkVaultWithinADayOfGlacierTimePlusDownload() {
        Pace pace = defaults();
        assertEquals(0, pace.jobsPerSecond(), "no fixed jobs/s cap by default");
        assertEquals(0, pace.maxInFlight(), "no fixed in-flight cap by default");
        assertEquals(0, pace.bytesPerDay());
        assertNull(pace.maxCost());
        PaceEstimate e = PaceEstimate.of(pace, 100_000, 500 * GIB, "Bulk");
        assertTrue(e.glacier().compareTo(Duration.ofHours(24)) <= 0, "Glacier time " + e.glacier());
        assertEquals(Duration.ofSeconds(500 * 1024 / 50), e.download(), "500 GiB at 50 MiB/s");
        assertEquals(e.glacier().plus(e.download()), e.total());
        assertTrue(e.boundBy().contains("Bulk completion"), e.boundBy());
        // the old defaults (2 jobs/s, 1,000 in flight) took 50 days, bound by max-in-flight
        PaceEstimate old = PaceEstimate.of(with(Map.of("thaw.pace.jobs-per-second", "2",
                "thaw.pace.max-in-flight", "1000")), 100_000, 500 * GIB, "Bulk");
        assertTrue(old.glacier().compareTo(Duration.ofDays(49)) > 0, old.glacier().toString());
        assertTrue(old.boundBy().startsWith("max-in-flight"), old.boundBy());
        // a million archives, 5 TiB: the download rate binds, and the plan says so
        PaceEstimate big = PaceEstimate.of(pace, 1_000_000, 5 * 1024 * GIB, "Bulk");
        assertTrue(big.boundBy().contains("download rate"), big.boundBy());
        assertTrue(big.glacier().compareTo(Duration.ofHours(30)) < 0, big.glacier().toString());
        // bytes-per-day binds when set: 500 GiB at 100 GiB/day starts over 4 days
        PaceEstimate daily = PaceEstimate.of(with(Map.of("thaw.pace.bytes-per-day", "100GiB")), 100_000, 500 * GIB,
                "Bulk");
        assertEquals(Duration.ofDays(4), daily.starts());
        assertTrue(daily.boundBy().startsWith("bytes-per-day"), daily.boundBy());
    }

    @Test
    void capsThatMakeARunImpossibleAreNamedWithTheFix() {
        RateTable.Rate bulk = RateTable.defaults().rate("Bulk");
        Pace daily = with(Map.of("thaw.pace.bytes-per-day", "1GiB"));
        String tooBig = RunLimits.problem(daily, null, 2 * GIB, 10, 5, bulk, "Bulk");
        assertNotNull(tooBig);
        assertTrue(tooBig.contains("smaller than the largest archive") && tooBig.contains("raise thaw.pace.bytes-per-day"),
                tooBig);
        String poor = RunLimits.problem(defaults(), new BigDecimal("0.10"), 200 * GIB, 100 * GIB, 5, bulk,
                "Bulk"); // the smallest archive, 100 GiB, costs 0.25 in Bulk
        assertNotNull(poor);
        assertTrue(poor.contains("below the Bulk cost") && poor.contains("raise \"maxCost\""), poor);
        assertNull(RunLimits.problem(daily, new BigDecimal("10"), GIB, 10, 5, bulk, "Bulk"));
        assertEquals(new BigDecimal("3"), with(Map.of("thaw.pace.max-cost", "5")).budget(new BigDecimal("3")),
                "the smaller of the run's budget and the configured one");
    }
}
