package io.thaw.retire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What a retire deletes (or would) and keeps and why, with archives and bytes, the monthly storage
 * saving and the early-deletion charge of archives younger than 90 days, as text or JSON.
 */
public final class RetireReport {

    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    private static final int LISTED = 200;

    private final RetireStore store;
    private final RetireSettings settings;

    public RetireReport(RetireStore store, RetireSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Archives, bytes and early-deletion charge of what is (to be) deleted. */
    public record Money(long archives, long bytes, BigDecimal monthlySaving, long young, BigDecimal earlyCharge,
                        long ageUnknown) {
    }

    public Money money(String retireId) {
        long n = 0;
        long bytes = 0;
        for (RetireStore.Total t : store.totals(retireId)) {
            if (!RetireItem.KEEP.equals(t.state())) {
                n += t.archives();
                bytes += t.bytes();
            }
        }
        Instant now = Instant.now();
        BigDecimal charge = BigDecimal.ZERO;
        List<RetireItem> young = store.deletableCreatedAfter(retireId, now.minus(RetireSettings.MINIMUM_STORAGE));
        for (RetireItem i : young) {
            Instant when = i.deletedAt() != null ? i.deletedAt() : now;
            double daysLeft = Math.max(0, RetireSettings.MINIMUM_STORAGE.minus(Duration.between(i.createdAt(), when))
                    .toMinutes() / 1440.0);
            charge = charge.add(gib(i.size()).multiply(settings.storagePerGbMonth())
                    .multiply(BigDecimal.valueOf(daysLeft / 30.0)));
        }
        long[] unknown = {0};
        store.forEach(retireId, null, i -> {
            if (!RetireItem.KEEP.equals(i.state()) && i.createdAt() == null) {
                unknown[0]++;
            }
        });
        return new Money(n, bytes, gib(bytes).multiply(settings.storagePerGbMonth()).setScale(2, RoundingMode.HALF_UP),
                young.size(), charge.setScale(2, RoundingMode.HALF_UP), unknown[0]);
    }

    public void text(PrintWriter out, RetireStore.Retire r) {
        boolean dry = !r.confirm();
        out.printf("thaw retire %s: vault '%s' — %s%n", r.retireId(), r.vault(), dry
                ? "DRY RUN, nothing is deleted (run again with --confirm to delete)" : r.state()
                + (r.reason() == null ? "" : ": " + r.reason()));
        for (RetireStore.Total t : store.totals(r.retireId())) {
            String what = switch (t.state()) {
                case RetireItem.DELETE -> dry ? "would delete" : "to delete";
                case RetireItem.DELETED -> "deleted";
                default -> "keep (" + t.kind() + ")";
            };
            out.printf(Locale.ROOT, "  %-26s %8d archives %16d bytes (%s)%n", what, t.archives(), t.bytes(), human(t.bytes()));
        }
        Money m = money(r.retireId());
        out.printf(Locale.ROOT, "  monthly storage saving: %s %s (%s at %s %s per GB-month)%n", m.monthlySaving(),
                settings.currency(), human(m.bytes()), settings.storagePerGbMonth(), settings.currency());
        out.printf(Locale.ROOT, "  early-deletion charge: %s %s for %d archives younger than 90 days%s%n", m.earlyCharge(),
                settings.currency(), m.young(), m.ageUnknown() == 0 ? "" : " (" + m.ageUnknown()
                        + " archives of unknown age: no inventory of the vault was delivered to a folder)");
        int[] shown = {0};
        store.forEach(r.retireId(), null, i -> {
            if (shown[0]++ < LISTED) {
                out.printf(Locale.ROOT, "  %-7s %s %12d  %s%n", RetireItem.KEEP.equals(i.state()) ? "KEEP" : i.state(),
                        i.archiveId(), i.size(), RetireItem.KEEP.equals(i.state()) ? i.kind() + ": " + i.reason()
                                : i.location());
            }
        });
        if (shown[0] > LISTED) {
            out.printf("  … and %d more archives (thaw retire --json lists them all)%n", shown[0] - LISTED);
        }
        out.flush();
    }

    public void json(PrintWriter out, RetireStore.Retire r, String manifest) {
        Money m = money(r.retireId());
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("retire", r.retireId());
            g.writeStringField("vault", r.vault());
            g.writeBooleanField("dryRun", !r.confirm());
            g.writeStringField("state", r.state());
            g.writeStringField("reason", r.reason());
            g.writeArrayFieldStart("totals");
            for (RetireStore.Total t : store.totals(r.retireId())) {
                g.writeStartObject();
                g.writeStringField("state", t.state());
                g.writeStringField("kind", t.kind());
                g.writeNumberField("archives", t.archives());
                g.writeNumberField("bytes", t.bytes());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("deleteArchives", m.archives());
            g.writeNumberField("deleteBytes", m.bytes());
            g.writeStringField("currency", settings.currency());
            g.writeNumberField("monthlySaving", m.monthlySaving());
            g.writeNumberField("earlyDeletionCharge", m.earlyCharge());
            g.writeNumberField("youngerThan90Days", m.young());
            g.writeStringField("manifest", manifest);
            g.writeArrayFieldStart("archives");
            store.forEach(r.retireId(), null, i -> {
                try {
                    g.writeStartObject();
                    g.writeStringField("archiveId", i.archiveId());
                    g.writeNumberField("size", i.size());
                    g.writeStringField("state", i.state());
                    g.writeStringField("kind", i.kind());
                    g.writeStringField("reason", i.reason());
                    g.writeStringField("location", i.location());
                    g.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    private static BigDecimal gib(long bytes) {
        return BigDecimal.valueOf(bytes).divide(GIB, 12, RoundingMode.HALF_UP);
    }

    static String human(long bytes) {
        return io.thaw.glacier.ProgressMeter.human(bytes);
    }
}
