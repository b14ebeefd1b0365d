package io.thaw.plan;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Shows a {@link VaultPlan} with its cost per tier and the time the pace needs: as text or as a map for JSON. */
public final class PlanPrinter {

    private final RateTable rates;
    private final Pace pace;
    private final DestinationCosts destination;

    public PlanPrinter(RateTable rates, Pace pace) {
        this(rates, pace, DestinationCosts.from(io.thaw.ThawConfig.of(k -> null, java.util.Set::of), null));
    }

    public PlanPrinter(RateTable rates, Pace pace, DestinationCosts destination) {
        this.rates = rates;
        this.pace = pace;
        this.destination = destination;
    }

    public Map<String, Object> asMap(String vault, String source, ArchiveFilter filter, VaultPlan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vault", vault);
        m.put("inventory", source);
        m.put("selection", filter.describe());
        m.put("inventoryArchives", p.inventoryArchives());
        m.put("inventoryBytes", p.inventoryBytes());
        m.put("archives", p.selected());
        m.put("bytes", p.selectedBytes());
        m.put("retrievals", p.retrievals());
        m.put("retrievalBytes", p.retrievalBytes());
        m.put("duplicates", Map.of("archives", p.duplicates(), "bytes", p.duplicateBytes()));
        m.put("over5TiB", p.overS3Limit());
        m.put("beyondMaxArchives", p.beyondMax());
        m.put("skippedRows", p.skippedRows());
        List<Map<String, Object>> bands = new ArrayList<>();
        for (int i = 0; i < VaultPlan.BAND_NAMES.length; i++) {
            bands.add(Map.of("band", VaultPlan.BAND_NAMES[i], "archives", p.bandCounts[i], "bytes", p.bandBytes[i]));
        }
        m.put("sizeBands", bands);
        Map<String, Object> tiers = new LinkedHashMap<>();
        for (String tier : RateTable.TIERS) {
            RateTable.Rate r = rates.rate(tier);
            PaceEstimate e = PaceEstimate.of(pace, p.retrievals(), p.retrievalBytes(), tier);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("requestFees", r.cost(p.retrievals(), 0));
            t.put("dataFees", r.cost(0, p.retrievalBytes()));
            t.put("total", r.cost(p.retrievals(), p.retrievalBytes()));
            t.put("seconds", e.total().toSeconds());
            t.put("startSeconds", e.starts().toSeconds());
            t.put("glacierSeconds", e.glacier().toSeconds());
            t.put("downloadSeconds", e.download().toSeconds());
            t.put("boundBy", e.boundBy());
            BigDecimal budget = pace.budget(null);
            if (budget != null) {
                t.put("withinMaxCost", r.cost(p.retrievals(), p.retrievalBytes()).compareTo(budget) <= 0);
            }
            tiers.put(tier, t);
        }
        m.put("cost", Map.of("currency", rates.currency(), "ratesDate", rates.date(), "tiers", tiers));
        Map<String, Object> dest = new LinkedHashMap<>();
        dest.put("s3StorageClass", destination.storageClass());
        dest.put("s3PutRequests", p.s3Requests());
        dest.put("s3PutFees", destination.puts(p.s3Requests()));
        dest.put("s3StoragePerMonth", destination.storagePerMonth(p.selectedBytes()));
        dest.put("s3ObjectOverheadPerMonth", destination.objectOverheadPerMonth(p.selected() - p.overS3Limit()));
        dest.put("earlyDeletion", Map.of("archives", p.youngArchives(), "bytes", p.youngBytes(),
                "fee", destination.earlyDeletion(p.youngGibDaysLeft())));
        dest.put("ratesDate", destination.date());
        m.put("destinationCost", dest);
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("jobsPerSecond", pace.jobsPerSecond());
        pm.put("startRate", pace.startRate());
        pm.put("bytesPerDay", pace.bytesPerDay());
        pm.put("maxInFlight", pace.maxInFlight());
        pm.put("maxCost", pace.maxCost());
        pm.put("downloadRate", pace.downloadRate());
        pm.put("windowBytes", pace.windowBytes(pace.downloadRate()));
        m.put("pace", pm);
        m.put("impossible", RunLimits.problem(pace, null, p.largest(), p.smallest(), p.retrievals(), rates.rate("Bulk"), "Bulk"));
        return m;
    }

    public void print(PrintStream out, String vault, String source, ArchiveFilter filter, VaultPlan p) {
        out.printf("plan for vault '%s' (inventory: %s)%n", vault, source);
        out.printf("  selection        %s%n", filter.describe());
        out.printf("  inventory        %,d archives, %s%n", p.inventoryArchives(), bytes(p.inventoryBytes()));
        out.printf("  selected         %,d archives, %s%n", p.selected(), bytes(p.selectedBytes()));
        out.printf("  duplicates       %,d archives, %s (same tree hash and size: retrieved once, copied)%n",
                p.duplicates(), bytes(p.duplicateBytes()));
        out.printf("  retrievals       %,d jobs, %s%n", p.retrievals(), bytes(p.retrievalBytes()));
        out.printf("  over 5 TiB       %,d (cannot go to S3)%n", p.overS3Limit());
        if (p.beyondMax() > 0) {
            out.printf("  beyond max       %,d archives left out by maxArchives%n", p.beyondMax());
        }
        if (p.skippedRows() > 0) {
            out.printf("  skipped rows     %,d malformed inventory rows%n", p.skippedRows());
        }
        out.println("  size bands");
        for (int i = 0; i < VaultPlan.BAND_NAMES.length; i++) {
            out.printf("    %-17s %,12d archives %14s%n", VaultPlan.BAND_NAMES[i], p.bandCounts[i], bytes(p.bandBytes[i]));
        }
        out.printf("  estimated cost (%s, rates of %s; request fee per job + per-GB fee, GB = 2^30 bytes)%n",
                rates.currency(), rates.date());
        BigDecimal budget = pace.budget(null);
        for (String tier : RateTable.TIERS) {
            RateTable.Rate r = rates.rate(tier);
            BigDecimal total = r.cost(p.retrievals(), p.retrievalBytes());
            out.printf("    %-10s %12s = %s requests + %s data%s%n", tier, money(total), money(r.cost(p.retrievals(), 0)),
                    money(r.cost(0, p.retrievalBytes())), budget != null && total.compareTo(budget) > 0
                            ? "  (over thaw.pace.max-cost " + money(budget) + ": a run stops when it is reached)" : "");
        }
        out.printf("  time (upper bound: Glacier time + download time; downloads overlap in practice)%n");
        for (String tier : RateTable.TIERS) {
            PaceEstimate e = PaceEstimate.of(pace, p.retrievals(), p.retrievalBytes(), tier);
            out.printf("    %-10s %9s = %s Glacier (starts over %s + completion) + %s download; bound by %s%n", tier,
                    duration(e.total()), duration(e.glacier()), duration(e.starts()), duration(e.download()), e.boundBy());
        }
        out.printf("  destination costs (rates of %s)%n", destination.date());
        out.printf("    S3 %-13s %,d PUT requests (multipart: create + parts + complete) = %s; storage %s/month%n",
                destination.storageClass(), p.s3Requests(), money(destination.puts(p.s3Requests())),
                money(destination.storagePerMonth(p.selectedBytes())));
        if (destination.glacierClass()) {
            out.printf("    per-object overhead of %s (32 KiB + 8 KiB STANDARD per object) %s/month%n",
                    destination.storageClass(), money(destination.objectOverheadPerMonth(p.selected() - p.overS3Limit())));
        }
        out.printf("    folder, FTP, SFTP no request fees%n");
        out.printf("    early deletion  %,d archives (%s) younger than 90 days: deleting them from Glacier costs %s%n",
                p.youngArchives(), bytes(p.youngBytes()), money(destination.earlyDeletion(p.youngGibDaysLeft())));
        out.printf("  pace             %s, start rate from %s jobs/s, %s per day, %s in flight, budget %s (thaw.pace.*)%n",
                pace.jobsPerSecond() > 0 ? "at most " + trim(pace.jobsPerSecond()) + " jobs/s" : "adaptive (no jobs/s cap)",
                trim(pace.startRate()), pace.bytesPerDay() <= 0 ? "no byte limit" : bytes(pace.bytesPerDay()),
                pace.maxInFlight() <= 0 ? "no job cap" : pace.maxInFlight() + " jobs", budget == null ? "none" : money(budget));
        out.printf("  window           at most %s in flight: %s download x (24 h - %s margin) (thaw.pace.download-rate)%n",
                bytes(pace.windowBytes(pace.downloadRate())), perSecond(pace.downloadRate()), duration(pace.margin()));
        String impossible = RunLimits.problem(pace, null, p.largest(), p.smallest(), p.retrievals(), rates.rate("Bulk"), "Bulk");
        if (impossible != null) {
            out.printf("  IMPOSSIBLE       %s%n", impossible);
        }
    }


    public static String money(BigDecimal d) {
        return String.format(Locale.ROOT, "%,.2f", d);
    }

    public static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%,d B", b)
                : String.format(Locale.ROOT, "%.2f %s (%,d B)", v, units[u], b);
    }

    /** A rate, short: "50.00 MiB/s". */
    public static String perSecond(double bytesPerSecond) {
        String b = bytes((long) bytesPerSecond);
        int exact = b.indexOf(" (");
        return (exact < 0 ? b : b.substring(0, exact)) + "/s";
    }

    public static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
        }
        return String.format(Locale.ROOT, "%.1f days", s / 86400.0);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
