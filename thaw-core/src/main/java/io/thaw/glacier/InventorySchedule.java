package io.thaw.glacier;

import io.thaw.config.Type;
import io.thaw.store.JobStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * Starts an inventory-retrieval per configured vault when its schedule is due. The timer route only
 * ticks; whether a firing is due, and who fires it, is decided here against the job store, so a
 * restart does not fire twice and, with a shared store, only one instance fires.
 */
public final class InventorySchedule {

    private static final Logger LOG = LoggerFactory.getLogger(InventorySchedule.class);

    private final JobStarter starter;
    private final JobStore store;
    private final List<String> vaults;
    private final String schedule;
    private final Duration period;
    private final CronExpression cron;
    private final String format;
    private final String account;
    private final String destination;
    private final Clock clock;

    public InventorySchedule(JobStarter starter, JobStore store, List<String> vaults, String schedule, String format,
                             String account, String destination, Clock clock) {
        this.starter = starter;
        this.store = store;
        this.vaults = vaults;
        this.schedule = schedule;
        this.format = "CSV".equalsIgnoreCase(format) ? "CSV" : "JSON";
        this.account = account;
        this.destination = destination;
        this.clock = clock;
        this.period = schedule == null ? null : parsePeriod(schedule);
        this.cron = schedule == null || period != null ? null : parseCron(schedule);
    }

    public boolean enabled() {
        return schedule != null && !vaults.isEmpty();
    }

    /** Called on every tick; starts the jobs that are due and answers how many it started. */
    public int fireIfDue() {
        if (!enabled()) {
            return 0;
        }
        int started = 0;
        Instant now = clock.instant();
        for (String vault : vaults) {
            String timer = "inventory:" + vault;
            Optional<Instant> last = store.lastFired(timer);
            if (last.isEmpty() && cron != null) {
                store.markFired(timer, null, now); // baseline: a cron schedule waits for its next time
                continue;
            }
            if (last.isPresent() && now.isBefore(next(last.get()))) {
                continue;
            }
            if (!store.markFired(timer, last.orElse(null), now)) {
                continue; // another instance fired this one
            }
            JobParameters p = JobParameters.builder().type("inventory-retrieval").format(format)
                    .description("thaw scheduled inventory").build();
            try {
                starter.start(account, vault, p, new JobStarter.Purpose(destination, null, "schedule:" + schedule, null));
                started++;
            } catch (JobRefused e) {
                LOG.error("scheduled inventory of vault '{}' refused: {}", vault, e.getMessage());
            }
        }
        return started;
    }

    Instant next(Instant last) {
        if (period != null) {
            return last.plus(period);
        }
        Date d = cron.getNextValidTimeAfter(Date.from(last));
        return d == null ? Instant.MAX : d.toInstant();
    }

    /** PT24H, 24h, 30m, 90s, 1d; null when the text is not a period (then it is read as cron). */
    static Duration parsePeriod(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (!t.startsWith("p") && !t.matches("\\d+(ms|s|m|h|d)")) {
            return null;
        }
        try {
            return Type.duration(t); // the one duration syntax of every setting
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("thaw.inventory.schedule '" + s + "' is not a valid period"
                    + " — use e.g. PT24H, 6h or a cron expression like '0 0 3 * * ?'");
        }
    }

    static CronExpression parseCron(String s) {
        try {
            CronExpression c = new CronExpression(s.trim());
            c.setTimeZone(TimeZone.getTimeZone("UTC"));
            return c;
        } catch (ParseException e) {
            throw new IllegalArgumentException("thaw.inventory.schedule '" + s + "' is neither a period (PT24H, 6h)"
                    + " nor a Quartz cron expression (" + e.getMessage() + ") — e.g. '0 0 3 * * ?' for 03:00 UTC daily");
        }
    }
}
