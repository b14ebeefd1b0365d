package io.thaw.request;

import io.thaw.glacier.JobRefused;
import io.thaw.glacier.JobStarter;
import io.thaw.log.LogText;
import io.thaw.naming.SafePath;
import io.thaw.plan.Run;
import io.thaw.plan.Selection;
import io.thaw.plan.VaultRuns;
import io.thaw.store.JobRecord;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one dropped request file into Glacier jobs. A bad file goes to {@code .error/} next to a
 * {@code <name>.error.txt} saying what is wrong; a good one to {@code .done/}. The route's file
 * consumer does the move at commit, to the place this handler chose
 * ({@value #MOVE_TO} property). A transient failure (throttling, network) throws: the file stays in
 * the inbox and is read again, and jobs already started for the same content are not started twice.
 */
public final class RequestHandler {

    public static final String MOVE_TO = "thawMoveTo";
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    private final RequestPolicy policy;
    private final JobStarter starter;
    private final JobStore store;
    private final Path inbox;
    private final VaultRuns runs;

    /** @param runs whole-vault runs for requests with {@code "select"} */
    public RequestHandler(RequestPolicy policy, JobStarter starter, JobStore store, Path inbox, VaultRuns runs) {
        this.policy = policy;
        this.starter = starter;
        this.store = store;
        this.inbox = inbox;
        this.runs = runs;
    }

    /** Called by the route with the file consumer's exchange. */
    public void handle(Exchange exchange) throws IOException {
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        Path file = inbox.resolve(relative);
        String refused = refusedFile(relative, file);
        if (refused != null) {
            reject(exchange, relative, refused);
            return;
        }
        try {
            ThawRequest request;
            try (InputStream in = Files.newInputStream(file)) {
                request = RequestParser.parse(relative, in, policy);
            }
            if (request.selection() != null) {
                startRun(exchange, relative, request);
                return;
            }
            List<JobRecord> started = startJobs(relative, request);
            exchange.setProperty(MOVE_TO, target(".done", relative));
            LOG.info("request {}: {} job(s) for vault '{}' -> {}", LogText.escape(relative), started.size(),
                    request.vault(), LogText.escape(request.destination()));
        } catch (RequestRejectedException | JobRefused e) {
            reject(exchange, relative, e.getMessage());
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw e;
            }
            // A fault no retry will cure must not become a loop re-reading the same file every second.
            reject(exchange, relative, "thaw failed on this request: " + e);
        }
    }

    /**
     * A request that did not come as a file (HTTP API, {@code direct:thaw-request}): the same parsing,
     * checks and jobs, and the same content is not started twice; there is just no file to move.
     *
     * @param source "api-request.json", or "&lt;vault&gt;/api-request.json" for a bare AWS CLI job object
     * @throws RequestRejectedException the request is invalid (message for the sender)
     * @throws JobRefused               Glacier refused a job (message names vault, region and fix)
     */
    public List<JobRecord> submit(String source, byte[] content) throws RequestRejectedException, IOException {
        ThawRequest request = RequestParser.parse(source, new java.io.ByteArrayInputStream(content), policy);
        if (request.selection() != null) {
            throw new RequestRejectedException("\"select\" (a whole-vault run) is taken from request files only: drop"
                    + " this JSON into the inbox, then follow it with `thaw status --report RUN`");
        }
        List<JobRecord> started = startJobs(source, request);
        LOG.info("request {}: {} job(s) for vault '{}' -> {}", LogText.escape(source), started.size(), request.vault(),
                LogText.escape(request.destination()));
        return started;
    }

    private void startRun(Exchange exchange, String relative, ThawRequest r) throws IOException, RequestRejectedException {
        Selection selection = SelectionReader.resolveIds(r.selection(), inbox);
        Run run = runs.submit(r.vault(), r.account(), r.jobs().get(0).tier(), r.destination(), selection, relative,
                r.contentSha256());
        exchange.setProperty(MOVE_TO, target(".done", relative));
        LOG.info("request {}: run {} for vault '{}' ({}{}) -> {}; `thaw status --report {}` shows its progress",
                LogText.escape(relative), run.runId(), r.vault(), run.state(), selection.dryRun() ? ", dry run" : "",
                LogText.escape(r.destination()), run.runId());
    }

    /**
     * Why the file must not be read at all, or null. A name with a control character (a newline, an ESC
     * sequence) is refused before its content is looked at; a symbolic link — the file or a folder on
     * the way — is refused without opening its target, which may be any file this process can read;
     * a FIFO or device would block or never end.
     */
    private String refusedFile(String relative, Path file) {
        if (!SafePath.visible(relative).equals(relative)) {
            return "the file name " + LogText.escape(relative) + " contains a control or invisible character"
                    + " (a newline, tab, escape sequence…): rename the file to a plain name such as photos-2019.json";
        }
        Path at = inbox;
        for (Path part : inbox.relativize(file)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                return (at.equals(file) ? "the file" : "its folder " + LogText.escape(inbox.relativize(at)))
                        + " is a symbolic link: thaw does not follow links in the inbox (it would read whatever they"
                        + " point to) — copy the request file itself into the inbox";
            }
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "it is not a regular file (a pipe, socket or device): copy the request file itself into the inbox";
        }
        return null;
    }

    private void reject(Exchange exchange, String relative, String message) throws IOException {
        String target = target(".error", SafePath.visible(relative));
        writeNote(target, relative, message);
        exchange.setProperty(MOVE_TO, target);
        LOG.warn("request {} rejected: {} (moved to {})", LogText.escape(relative), LogText.escape(message),
                LogText.escape(target));
    }

    /** Network trouble, throttling and 5xx: worth reading the file again later. */
    public static boolean isTransient(Throwable e) {
        if (e instanceof software.amazon.awssdk.core.exception.SdkClientException) {
            return true;
        }
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a) {
            return a.statusCode() >= 500 || a.isThrottlingException();
        }
        return false;
    }

    private List<JobRecord> startJobs(String relative, ThawRequest r) {
        List<JobRecord> existing = store.byRequestHash(r.contentSha256());
        List<JobRecord> started = new ArrayList<>();
        for (JobSpec spec : r.jobs()) {
            JobRecord already = existing.stream().filter(j -> sameJob(j, spec, r)).findFirst().orElse(null);
            if (already != null) {
                LOG.info("request {}: job {} for archive {} was already started from this same content; not again",
                        LogText.escape(relative), JobRecord.shortId(already.jobId()), JobRecord.shortId(spec.archiveId()));
                started.add(already);
                continue;
            }
            try {
                started.add(starter.start(r.account(), r.vault(), spec.toJobParameters(),
                        new JobStarter.Purpose(r.destination(), r.name(), relative, r.contentSha256())));
            } catch (JobRefused e) {
                if (started.isEmpty()) {
                    throw e;
                }
                throw new JobRefused(started.size() + " of " + r.jobs().size() + " jobs were started (their output"
                        + " will be delivered), then: " + e.getMessage(), e);
            }
        }
        return started;
    }

    private static boolean sameJob(JobRecord j, JobSpec spec, ThawRequest r) {
        return j.vault().equals(r.vault()) && Objects.equals(j.archiveId(), spec.archiveId())
                && Objects.equals(j.byteRange(), spec.byteRange())
                && j.isInventory() == "inventory-retrieval".equals(spec.type());
    }

    /** {@code .done/<relative>} or {@code .error/<relative>}, with a numeric suffix if that name is taken. */
    private String target(String folder, String relative) {
        String candidate = folder + "/" + relative;
        int dot = relative.lastIndexOf('.');
        for (int n = 2; Files.exists(inbox.resolve(candidate)) || Files.exists(inbox.resolve(candidate + ".error.txt")); n++) {
            candidate = folder + "/" + (dot > relative.lastIndexOf('/') ? relative.substring(0, dot) + "-" + n
                    + relative.substring(dot) : relative + "-" + n);
        }
        return candidate;
    }

    private void writeNote(String target, String relative, String message) throws IOException {
        Path note = inbox.resolve(target + ".error.txt");
        Files.createDirectories(note.getParent());
        // Written aside and renamed: whoever watches .error/ (an operator, a script) never reads half a note.
        Path part = note.resolveSibling("." + note.getFileName() + ".part");
        Files.writeString(part, "thaw could not process the request file " + LogText.escape(relative) + ":\n\n" + message
                + "\n\nFix the file and drop it into the inbox again.\n", StandardCharsets.UTF_8);
        Files.move(part, note, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
