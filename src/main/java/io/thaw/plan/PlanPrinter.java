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

    public PlanPrinter(RateTable rates, Pace pace) {
        this.rates = rates;
        this.pace = pace;
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
            Duration d = pace.estimate(p.retrievals(), p.retrievalBytes(), tier);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("requestFees", r.cost(p.retrievals(), 0));
            t.put("dataFees", r.cost(0, p.retrievalBytes()));
            t.put("total", r.cost(p.retrievals(), p.retrievalBytes()));
            t.put("seconds", d.toSeconds());
            t.put("boundBy", pace.bindingLimit(p.retrievals(), p.retrievalBytes(), tier));
            tiers.put(tier, t);
        }
        m.put("cost", Map.of("currency", rates.currency(), "ratesDate", rates.date(), "tiers", tiers));
        m.put("pace", Map.of("jobsPerSecond", pace.jobsPerSecond(), "bytesPerDay", pace.bytesPerDay(),
                "maxInFlight", pace.maxInFlight()));
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
        for (String tier : RateTable.TIERS) {
            RateTable.Rate r = rates.rate(tier);
            Duration d = pace.estimate(p.retrievals(), p.retrievalBytes(), tier);
            out.printf("    %-10s %12s = %s requests + %s data; time at pace %s (bound by %s)%n", tier,
                    money(r.cost(p.retrievals(), p.retrievalBytes())), money(r.cost(p.retrievals(), 0)),
                    money(r.cost(0, p.retrievalBytes())), duration(d),
                    pace.bindingLimit(p.retrievals(), p.retrievalBytes(), tier));
        }
        out.printf("  pace             %s jobs/s, %s per day, %d in flight (thaw.pace.*)%n",
                trim(pace.jobsPerSecond()), pace.bytesPerDay() <= 0 ? "no byte limit" : bytes(pace.bytesPerDay()),
                pace.maxInFlight());
    }

    static String money(BigDecimal d) {
        return String.format(Locale.ROOT, "%,.2f", d);
    }

    static String bytes(long b) {
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

    static String duration(Duration d) {
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
