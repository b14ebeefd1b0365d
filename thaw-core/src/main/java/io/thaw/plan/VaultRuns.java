package io.thaw.plan;

import io.thaw.deliver.DeliveredEvent;
import io.thaw.glacier.JobRefused;
import io.thaw.glacier.JobStarter;
import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.InventoryRetrievalJobInput;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/**
 * Whole-vault (or filtered) retrieval runs: created from a request file's {@code "select"} or, for
 * the vaults in {@code thaw.runs.vaults}, whenever a scheduled inventory of theirs is delivered. A run
 * first gets its inventory (the newest delivered one, or a fresh inventory job whose pages are followed
 * by Marker until Glacier gives none), then its archives are queued ({@link RunPlanner}) and started
 * by the {@link RunPacer}.
 */
public final class VaultRuns {

    private static final Logger LOG = LoggerFactory.getLogger(VaultRuns.class);
    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    /** Settings of runs: where their inventory pages go, and what the timer's runs use. */
    public record Settings(String inventoryFolder, List<String> autoVaults, String autoTier, String autoDestination) {
    }

    private final RunStore runs;
    private final RunItems items;
    private final JobStore store;
    private final JobStarter starter;
    private final GlacierClient glacier;
    private final RunPlanner planner;
    private final RunFinisher finisher;
    private final Settings settings;
    private final Clock clock;
    private final Pace pace;
    private final RateTable rates;
    /**
     * Runs whose inventory step a thread is taking now (submit, a delivered page, the pacer's resume):
     * queuing a big vault takes long, and a second thread must not start the same page or queue the
     * same run again meanwhile (its inserts would wait on the first one's locks and fail).
     */
    private final java.util.Set<String> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** With {@code pace} and {@code rates}, planning refuses runs the pace's caps make impossible (see {@link RunLimits}). */
    public VaultRuns(RunStore runs, RunItems items, JobStore store, JobStarter starter, GlacierClient glacier,
                     RunPlanner planner, RunFinisher finisher, Settings settings, Pace pace, RateTable rates, Clock clock) {
        this.runs = runs;
        this.items = items;
        this.store = store;
        this.starter = starter;
        this.glacier = glacier;
        this.planner = planner;
        this.finisher = finisher;
        this.settings = settings;
        this.pace = pace;
        this.rates = rates;
        this.clock = clock;
    }

    /**
     * Creates a run (once per request content: a request file read again finds its run). Throws
     * {@link JobRefused} when the run needs an inventory that does not exist yet.
     */
    public Run submit(String vault, String account, String tier, String destination, Selection selection,
                      String requestFile, String requestHash) throws IOException {
        if (requestHash != null) {
            // The same content again (a re-read after a transient error) continues its run; a stopped run
            // may be started afresh: what it delivered is skipped, what it started is followed.
            Optional<Run> existing = runs.runByRequestHash(requestHash).filter(r -> !Run.STOPPED.equals(r.state()));
            if (existing.isPresent()) {
                LOG.info("request {} already has run {} ({}); not again", io.thaw.log.LogText.escape(requestFile),
                        existing.get().runId(),
                        existing.get().state());
                return existing.get();
            }
        }
        Path latest = null;
        if (!Selection.RETRIEVE.equals(selection.inventory())) {
            latest = latestInventory(vault).orElseThrow(() -> new JobRefused("no inventory of vault '" + vault
                    + "' has been delivered to a folder yet, so thaw cannot list its archives — set \"inventory\":"
                    + " \"retrieve\" in \"select\" (thaw retrieves one first), or drop an inventory-retrieval request"
                    + " and this request again once it is delivered", null));
        }
        String runId = "R" + RUN_STAMP.format(clock.instant()) + "-"
                + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xF000));
        Run run = new Run(runId, vault, account, tier, destination, selection, requestFile, requestHash,
                Run.WAITING_INVENTORY, null, clock.instant(), null);
        busy.add(runId);
        try {
            runs.create(run);
            if (latest == null) {
                startPage(run, 0, null);
            } else {
                try {
                    plan(run, List.of(latest));
                } catch (JobRefused impossible) {
                    throw impossible;
                } catch (IOException | RuntimeException e) {
                    String reason = "the inventory " + latest + " could not be read: " + e.getMessage();
                    runs.setState(runId, Run.WAITING_INVENTORY, Run.STOPPED, reason);
                    throw new JobRefused(reason + " — retrieve a new one with \"inventory\": \"retrieve\"", e);
                }
            }
        } finally {
            busy.remove(runId);
        }
        return runs.run(runId).orElseThrow();
    }

    /** Called by the deliver route after each delivery: follows inventory pages, and starts timer runs. */
    public void afterDelivery(DeliveredEvent event) throws IOException {
        if (event == null || event.archiveId() != null) {
            return; // archive outputs: their copies were written by DuplicateCopies
        }
        JobRecord job = store.find(event.jobId()).orElse(null);
        if (job == null || !job.isInventory()) {
            return;
        }
        Optional<RunStore.PageJob> page = runs.pageOfJob(job.jobId());
        if (page.isPresent()) {
            String runId = page.get().runId();
            if (!busy.add(runId)) {
                return; // another thread takes this run's inventory step; the pacer's resumeWaiting() follows up
            }
            try {
                nextPage(runId, page.get().page(), job, event.location());
            } catch (RuntimeException e) {
                // The delivery itself succeeded: the pacer's resumeWaiting() takes the next step later.
                LOG.warn("run {}: next inventory step postponed: {}", runId, e.getMessage());
            } finally {
                busy.remove(runId);
            }
        } else if (settings.autoVaults().contains(job.vault()) && job.requestFile() != null
                && job.requestFile().startsWith("schedule:")) {
            try {
                Run run = submit(job.vault(), job.account(), settings.autoTier(), settings.autoDestination(),
                        Selection.all(), "inventory " + job.jobId(), sha256("inventory:" + job.jobId()));
                LOG.info("scheduled inventory of vault '{}' delivered: run {} retrieves what is not delivered yet",
                        job.vault(), run.runId());
            } catch (IOException | RuntimeException e) {
                // The inventory itself is delivered; failing the route would not bring this step back.
                LOG.error("scheduled inventory of vault '{}' delivered, but its whole-vault run could not start: {} —"
                        + " drop a request {\"vault\": \"{}\", \"select\": {\"all\": true}} to start it",
                        job.vault(), e.getMessage(), job.vault());
            }
        }
    }

    /**
     * Picks up runs whose inventory step was interrupted (a restart, or Glacier throttling the next
     * page's InitiateJob): called on every pacer tick, cheap when no run waits.
     */
    public void resumeWaiting() {
        for (Run run : runs.runsIn(Run.WAITING_INVENTORY)) {
            if (!busy.add(run.runId())) {
                continue; // being submitted or queued by another thread right now
            }
            try {
                Optional<RunStore.Page> last = runs.lastPage(run.runId());
                if (last.isEmpty()) {
                    startPage(run, 0, null);
                    continue;
                }
                RunStore.Page p = last.get();
                int page = p.page();
                JobRecord job = store.find(p.jobId()).orElse(null);
                if (job == null || job.deliveredAt() != null && job.deliveredAt().isAfter(clock.instant().minusSeconds(30))) {
                    continue; // the delivery thread is probably taking the next step right now
                }
                if (p.location() == null && job.state() == io.thaw.store.JobState.DELIVERED) {
                    nextPage(run.runId(), page, job, job.deliveredTo());
                } else if (p.location() == null && job.state() == io.thaw.store.JobState.FAILED) {
                    runs.setState(run.runId(), Run.WAITING_INVENTORY, Run.STOPPED, "inventory page " + (page + 1)
                            + " failed: " + job.error());
                } else if (p.location() != null && p.nextMarker() != null) {
                    startPage(run, page + 1, p.nextMarker());
                } else if (p.location() != null) {
                    planPages(run);
                }
            } catch (RuntimeException | IOException e) {
                LOG.warn("run {}: inventory step not resumed yet: {}", run.runId(), e.getMessage());
            } finally {
                busy.remove(run.runId());
            }
        }
    }

    private void planPages(Run run) throws IOException {
        try {
            plan(run, runs.pageLocations(run.runId()).stream().map(l -> InventoryPages.local(l, run.vault())).toList());
        } catch (JobRefused impossible) {
            LOG.error("run {} refused: {}", run.runId(), impossible.getMessage());
        } catch (IOException | RuntimeException e) {
            String reason = "the run's inventory could not be read: " + e.getMessage();
            runs.setState(run.runId(), Run.WAITING_INVENTORY, Run.STOPPED, reason);
            LOG.error("run {} stopped: {}", run.runId(), reason);
        }
    }

    /** Request hashes are SHA-256 hex (64 characters), like a request file's. */
    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private void nextPage(String runId, int page, JobRecord job, String location) throws IOException {
        DescribeJobResponse d = glacier.describeJob(b -> b.accountId(job.account()).vaultName(job.vault())
                .jobId(job.jobId()));
        String marker = d.inventoryRetrievalParameters() == null ? null : d.inventoryRetrievalParameters().marker();
        if (!runs.pageDelivered(job.jobId(), location, marker)) {
            return; // this page was handled already (a repeated notice)
        }
        Run run = runs.run(runId).orElseThrow();
        if (marker != null && !marker.isEmpty()) {
            LOG.info("run {}: inventory page {} of vault '{}' delivered, more follow (Marker)", runId, page + 1,
                    run.vault());
            startPage(run, page + 1, marker);
        } else {
            LOG.info("run {}: inventory of vault '{}' complete in {} page(s)", runId, run.vault(), page + 1);
            planPages(run);
        }
    }

    private void startPage(Run run, int page, String marker) {
        int limit = run.selection().inventoryPageSize();
        JobParameters.Builder p = JobParameters.builder().type("inventory-retrieval").format("JSON")
                .description("thaw run " + run.runId() + " inventory page " + (page + 1));
        if (limit > 0 || marker != null) {
            p.inventoryRetrievalParameters(InventoryRetrievalJobInput.builder()
                    .limit(limit > 0 ? String.valueOf(limit) : null).marker(marker).build());
        }
        JobRecord job = starter.start(run.account(), run.vault(), p.build(), new JobStarter.Purpose(
                settings.inventoryFolder(), run.vault() + "/" + run.runId() + "-inventory-page-" + (page + 1) + ".json",
                Run.requestFile(run.runId()), null));
        runs.addPage(run.runId(), page, job.jobId());
    }

    private void plan(Run run, List<Path> pages) throws IOException {
        planner.plan(run, pages);
        String impossible = impossible(run);
        if (impossible != null) {
            runs.setState(run.runId(), run.state(), Run.STOPPED, "refused: " + impossible);
            finisher.report(run.runId());
            throw new JobRefused("run " + run.runId() + " on vault '" + run.vault() + "' refused: " + impossible, null);
        }
        if (run.selection().dryRun()) {
            runs.setState(run.runId(), run.state(), Run.DRY_RUN, "dry run: nothing started");
            finisher.report(run.runId());
        } else {
            runs.setState(run.runId(), run.state(), Run.RUNNING, null);
        }
    }

    /** Why the caps make the queued run impossible, or null (also null for dry runs: they start nothing). */
    private String impossible(Run run) {
        if (run.selection().dryRun()) {
            return null;
        }
        RunItems.Queued q = items.queuedStats(run.runId());
        return RunLimits.problem(pace, run.selection().maxCost(), q.largest(), q.smallest(), q.archives(),
                rates.rate(run.tier()), run.tier());
    }

    /** The newest inventory of the vault delivered to a folder (pages of runs excluded: they are partial). */
    public Optional<Path> latestInventory(String vault) {
        return runs.latestInventory(vault);
    }
}
