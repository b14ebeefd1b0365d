package io.thaw.plan;

import java.time.Duration;

/**
 * How long a run takes at a pace, honestly: the span over which its jobs can be started (the slowest
 * of the start rate, bytes-per-day, max-in-flight and the 24 h output window at the download rate),
 * plus Glacier's completion time for the last job, plus the download time of all bytes at the
 * download rate. Downloads overlap Glacier's time in practice, so the sum is an upper bound; the
 * binding limit is the largest of the terms.
 *
 * @param starts   from the first start to the last
 * @param glacier  starts plus the tier's typical completion time
 * @param download all bytes at the download rate
 * @param boundBy  what makes it take this long, in words
 */
public record PaceEstimate(Duration starts, Duration glacier, Duration download, String boundBy) {

    public Duration total() {
        return glacier.plus(download);
    }

    public static PaceEstimate of(Pace pace, long jobs, long bytes, String tier) {
        double completion = Pace.typicalCompletion(tier).toSeconds();
        double rate = pace.downloadRate();
        boolean capped = pace.jobsPerSecond() > 0;
        double jobsPerSecond = capped ? pace.jobsPerSecond() : Math.min(pace.startRate(), AdaptiveRate.CEILING);
        double byRate = jobs / jobsPerSecond;
        double byBytes = pace.bytesPerDay() <= 0 || bytes <= pace.bytesPerDay() ? 0
                : Math.ceil((double) bytes / pace.bytesPerDay() - 1) * 86_400;
        double byInFlight = pace.maxInFlight() <= 0 ? 0
                : (double) ((jobs + pace.maxInFlight() - 1) / pace.maxInFlight() - 1) * completion;
        // Little's law: with W bytes in flight for `completion` seconds each, W / completion bytes/s leave
        // Glacier; the downloader takes them at most at its rate. The first W start at once.
        double window = pace.windowBytes(rate);
        double byWindow = bytes <= window ? 0 : (bytes - window) / Math.min(rate, window / completion);
        double starts = Math.max(Math.max(byRate, byBytes), Math.max(byInFlight, byWindow));
        double download = bytes / rate;
        String bound;
        if (completion >= starts && completion >= download) {
            bound = "Glacier's " + tier + " completion time (" + PlanPrinter.duration(Pace.typicalCompletion(tier)) + ")";
        } else if (download >= starts) {
            bound = "the download rate (" + PlanPrinter.perSecond(pace.downloadRate()) + ", thaw.pace.download-rate)";
        } else if (starts == byRate) {
            bound = capped ? "jobs-per-second (" + trim(pace.jobsPerSecond()) + " jobs/s)"
                    : "the start rate (" + trim(jobsPerSecond) + " jobs/s assumed; it grows while Glacier accepts)";
        } else if (starts == byBytes) {
            bound = "bytes-per-day (" + PlanPrinter.bytes(pace.bytesPerDay()) + ")";
        } else if (starts == byInFlight) {
            bound = "max-in-flight (" + pace.maxInFlight() + " jobs)";
        } else {
            bound = "the 24 h output window (" + PlanPrinter.bytes((long) window) + " in flight at the download rate)";
        }
        return new PaceEstimate(seconds(starts), seconds(starts + completion), seconds(download), bound);
    }

    private static Duration seconds(double s) {
        return Duration.ofSeconds((long) Math.ceil(s));
    }

    static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
