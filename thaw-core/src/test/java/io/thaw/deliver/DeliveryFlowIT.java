package io.thaw.deliver;

import static io.thaw.testing.ThawRoutes.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thaw.glacier.TreeHash;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import io.thaw.testing.ThawRoutes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Issue 5's acceptance, through the real routes/ and config/: a request file names a destination, the
 * sandbox runs the Glacier job, its notice travels SNS → SQS, and the output lands — named from the
 * archive description — in a folder, in s3proxy, on Apache FtpServer (FTP and FTPS) and on MINA SSHD
 * (SFTP), each started here on a loopback port. Servers that fail mid-transfer leave nothing under the
 * final name, and SQS redelivery completes the job once they recover.
 */
class DeliveryFlowIT {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final String VAULT = "archive";
    /** A low S3 object limit (thaw.s3.max-object-bytes) so the "over 5 TiB" refusal can be driven here. */
    static final long S3_LIMIT = 10L << 20;
    static final ObjectMapper JSON = new ObjectMapper();

    static DestinationServers servers;

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays("Expedited=200ms,Standard=300ms,Bulk=400ms")
            .timeout(WAIT)
            // a failed delivery leaves the notice in the queue; it comes back after this long
            .set("thaw.notices.visibility-seconds", "3")
            .set("thaw.s3.max-object-bytes", Long.toString(S3_LIMIT))
            .set("thaw.events.retries", "2")
            .before(t -> {
                Properties props = t.properties();
                servers = new DestinationServers(t.work());
                servers.configure(props);
                // configured without the user name SFTP needs: the delivery cannot even be set up
                props.setProperty("thaw.destinations.nouser", "sftp://127.0.0.1:" + TestFiles.freePort() + "/nowhere");
                props.setProperty("thaw.destination.default", "file:" + servers.folderRoot);
                props.setProperty("thaw.allowed-roots", "file:" + servers.folderRoot);
                // the README's example: one JSON file per job, named by the header the event route sets
                props.setProperty("thaw.events.delivered", "file:" + t.work().resolve("events")
                        + "?fileName=${header.thawJobId}.json");
                t.glacier().createVault(b -> b.accountId("-").vaultName(VAULT));
            })
            .after(t -> servers.close());

    // ---- each destination, each description format ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"folder", "s3", "ftp", "ftps", "sftp"})
    void requestFileEndsAsVerifiedOutputNamedFromEveryDescriptionFormat(String destination) throws Exception {
        Instant mtime = Instant.parse("2019-07-08T09:10:11Z");
        record Case(String description, String expectedName) {
        }
        List<Case> cases = List.of(
                new Case(fastGlacierV4("photos/2019/été ☀.jpg", "20190708T091011Z"), "photos/2019/été ☀.jpg"),
                new Case("{\"Path\":\"docs\\\\q3\\\\report.pdf\",\"UTCDateModified\":\"20190708T091011Z\"}",
                        "docs/q3/report.pdf"),
                new Case(mt2("{\"mtime\":\"20190708T091011Z\",\"filename\":\"dir/Привет мир.txt\"}"),
                        "dir/Привет мир.txt"),
                new Case("music/album one/track 01.flac", "music/album one/track 01.flac"));
        StringBuilder ids = new StringBuilder();
        String[] archiveIds = new String[cases.size()];
        byte[][] contents = new byte[cases.size()][];
        for (int i = 0; i < cases.size(); i++) {
            contents[i] = random(20_000 + i * 7_919, destination.hashCode() + i);
            archiveIds[i] = upload(contents[i], prefixed(destination, cases.get(i).description()));
            ids.append(i == 0 ? "" : ",").append('"').append(archiveIds[i]).append('"');
        }
        drop(destination + "-formats.json", "{\"vault\":\"" + VAULT + "\",\"destination\":\"" + destination
                + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"Expedited\"},\"archives\":[" + ids + "]}");

        for (int i = 0; i < cases.size(); i++) {
            JobRecord job = awaitState(archiveIds[i], JobState.DELIVERED);
            String name = destination + "/" + cases.get(i).expectedName();
            assertEquals(TreeHash.of(contents[i]), TreeHash.of(servers.readBack(destination, name)),
                    "bytes of " + name + " at " + destination);
            assertTrue(decoded(job.deliveredTo()).endsWith(name), job.deliveredTo());
            assertFalse(job.deliveredTo().contains(FtpTestServer.PASSWORD), job.deliveredTo());
            JsonNode event = awaitEvent(job.jobId());
            assertEquals(VAULT, event.get("vault").asText());
            assertEquals(archiveIds[i], event.get("archiveId").asText());
            assertEquals(job.destination(), event.get("destination").asText());
            assertEquals(job.deliveredTo(), event.get("location").asText());
            assertEquals(contents[i].length, event.get("size").asLong());
            assertEquals(TreeHash.of(contents[i]), event.get("treeHash").asText());
            assertEquals(name, event.get("name").asText());
            assertNotNull(Instant.parse(event.get("deliveredAt").asText()));
        }
        if (destination.equals("folder")) {
            assertEquals(mtime, Files.getLastModifiedTime(servers.folderRoot.resolve("folder/docs/q3/report.pdf")).toInstant(),
                    "mtime restored from the CloudBerry description");
        }
        if (destination.equals("s3")) {
            assertEquals(Long.toString(mtime.getEpochSecond()), servers.s3.headObject(b -> b.bucket(DestinationServers.BUCKET)
                    .key("restored/s3/docs/q3/report.pdf")).metadata().get("mtime"));
        }
        servers.assertNoTemporaryNames(destination);
    }

    // ---- names at the 255-byte limit (issue 12): delivered under the final name, never retried forever ----

    @ParameterizedTest(name = "{0}")
    // s3-memory: s3proxy's file store cannot hold such keys (it writes "<key>-<uuid>" first); S3 itself can
    @ValueSource(strings = {"folder", "s3-memory", "sftp"})
    void namesAtThe255ByteLimitAnd1024CharacterDescriptionsAreDelivered(String destination) throws Exception {
        String dir = destination + "/long/";
        // names of 250–255 bytes, one byte per character and two, three and four: kept exactly
        List<String> exact = List.of(nameOfBytes(255, "a"), nameOfBytes(254, "é"), nameOfBytes(252, "☃"),
                nameOfBytes(250, "😀"), nameOfBytes(253, "ж"));
        // a 1,024-character description (Glacier's maximum): its one 1,000-odd byte name must be shortened
        String plain = dir + "d".repeat(1024 - dir.length() - 4) + ".txt";
        assertEquals(1024, plain.length());
        List<String> descriptions = new java.util.ArrayList<>();
        exact.forEach(n -> descriptions.add(fastGlacierV4(dir + n, "20190708T091011Z")));
        descriptions.add(plain);
        String[] archiveIds = new String[descriptions.size()];
        byte[][] contents = new byte[descriptions.size()][];
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < descriptions.size(); i++) {
            contents[i] = random(3_000 + i * 101, destination.hashCode() * 31 + i);
            archiveIds[i] = upload(contents[i], descriptions.get(i));
            ids.append(i == 0 ? "" : ",").append('"').append(archiveIds[i]).append('"');
        }
        drop(destination + "-long-names.json", "{\"vault\":\"" + VAULT + "\",\"destination\":\"" + destination
                + "\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"Expedited\"},\"archives\":[" + ids + "]}");
        // and a request "name" of 250 bytes, which validation accepts
        String requested = destination + "/named/" + nameOfBytes(250, "ü");
        byte[] namedBytes = random(4_321, destination.hashCode() + 500);
        String namedArchive = upload(namedBytes, "ignored-for-the-requested-name.bin");
        drop(destination + "-long-request-name.json", "{\"vault\":\"" + VAULT + "\",\"destination\":\"" + destination
                + "\",\"name\":\"" + requested + "\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\""
                + namedArchive + "\",\"Tier\":\"Expedited\"}}");

        for (int i = 0; i < exact.size(); i++) {
            JobRecord job = awaitState(archiveIds[i], JobState.DELIVERED);
            String name = dir + exact.get(i);
            assertEquals(name, awaitEvent(job.jobId()).get("name").asText(), "the final name is never shortened");
            assertEquals(TreeHash.of(contents[i]), TreeHash.of(servers.readBack(destination, name)), name);
        }
        int last = exact.size();
        JobRecord described = awaitState(archiveIds[last], JobState.DELIVERED);
        String shortened = awaitEvent(described.jobId()).get("name").asText();
        String segment = shortened.substring(shortened.lastIndexOf('/') + 1);
        assertTrue(shortened.startsWith(dir) && segment.startsWith("ddd") && segment.endsWith(".txt")
                && segment.getBytes(StandardCharsets.UTF_8).length <= 255, "shortened, extension kept: " + shortened);
        assertTrue(segment.matches("d+~[a-z2-7]{8}\\.txt"), "with a stable hash suffix: " + segment);
        assertEquals(TreeHash.of(contents[last]), TreeHash.of(servers.readBack(destination, shortened)));

        JobRecord named = awaitState(namedArchive, JobState.DELIVERED);
        assertEquals(requested, awaitEvent(named.jobId()).get("name").asText());
        assertEquals(TreeHash.of(namedBytes), TreeHash.of(servers.readBack(destination, requested)));
        assertEquals(1, named.attempts(), "delivered on the first attempt, not after retries");
        servers.assertNoTemporaryNames(destination);
    }

    /**
     * A name every segment of which is valid but whose whole path is longer than the OS takes (PATH_MAX,
     * 4,096 bytes with the destination root): no retry can deliver it, so the job is FAILED with the
     * reason and the fix, once, instead of STAGED and retried forever.
     */
    @Test
    void nameTheDestinationRefusesAsTooLongFailsTheJobWithTheReason() throws Exception {
        // 3-byte characters: under the 2,048 characters a request name may have, over 4,096 bytes
        StringBuilder name = new StringBuilder("folder/deep");
        while (name.toString().getBytes(StandardCharsets.UTF_8).length < 4_500) {
            name.append('/').append("☃".repeat(80));
        }
        name.append("/x.bin");
        String archiveId = upload(random(2_000, 404), "too-deep.bin");
        drop("too-deep.json", "{\"vault\":\"" + VAULT + "\",\"destination\":\"folder\",\"name\":\"" + name
                + "\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + archiveId + "\",\"Tier\":\"Expedited\"}}");
        JobRecord job = awaitState(archiveId, JobState.FAILED);
        assertTrue(job.error().contains("can never succeed") && job.error().contains("File name too long")
                && job.error().contains("shorter name"), job.error());
        assertEquals(1, job.attempts(), "failed on its first attempt, not retried");
        thaw.await("staging file removed", () -> !Files.exists(thaw.work().resolve("staging/" + job.jobId() + ".part")));
        Thread.sleep(2_000); // a redelivered notice or the reconciler must not bring it back
        assertEquals(JobState.FAILED, jobFor(archiveId).state());
    }

    /** A file name of exactly {@code n} UTF-8 bytes ending in ".bin": {@code unit} repeated, padded with 'x'. */
    static String nameOfBytes(int n, String unit) {
        StringBuilder sb = new StringBuilder();
        int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length + unitBytes + 4 <= n) {
            sb.append(unit);
        }
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length + 4 < n) {
            sb.append('x');
        }
        String name = sb.append(".bin").toString();
        assertEquals(n, name.getBytes(StandardCharsets.UTF_8).length);
        return name;
    }

    // ---- a server failing mid-transfer: nothing under the final name, the job retried, not lost ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"folder", "s3", "ftp", "sftp"})
    void destinationFailingMidTransferLeavesNothingUnderTheFinalNameAndTheJobIsRetried(String destination)
            throws Exception {
        // over 8 MiB so that S3 takes the multipart path and fails on its second part
        byte[] bytes = random(destination.equals("s3") ? (9 << 20) + 17 : 300_000, 77 + destination.length());
        String name = "retry/" + destination + "/payload.bin";
        String archiveId = upload(bytes, name);
        servers.broken(destination, true);
        try {
            drop(destination + "-retry.json", "{\"vault\":\"" + VAULT + "\",\"destination\":\"" + destination
                    + "\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + archiveId + "\",\"Tier\":\"Expedited\"}}");
            thaw.await("first delivery to " + destination + " failed and the job is STAGED again", () -> {
                JobRecord j = jobFor(archiveId);
                return j != null && j.state() == JobState.STAGED && j.error() != null;
            });
            JobRecord failed = jobFor(archiveId);
            assertTrue(failed.error().contains("delivery to " + failed.destination() + " failed"), failed.error());
            assertFalse(servers.exists(destination, name), "nothing under the final name after a failed transfer");
            if (destination.equals("s3")) {
                assertTrue(servers.s3PartsRefused() > 0, "the S3 server really broke off a part");
                assertTrue(servers.noOpenMultipartUploads(),
                        "the failed multipart upload was aborted");
            }
        } finally {
            servers.broken(destination, false);
        }
        JobRecord done = awaitState(archiveId, JobState.DELIVERED);
        assertTrue(done.attempts() >= 2, "delivered on a later attempt: " + done.attempts());
        assertEquals(TreeHash.of(bytes), TreeHash.of(servers.readBack(destination, name)));
        assertEquals(1, servers.countNamed(destination, "payload.bin"), "exactly one file/object under the final name");
        servers.assertNoTemporaryNames(destination);
        thaw.await("staging file removed", () -> !Files.exists(thaw.work().resolve("staging/" + done.jobId() + ".part")));
    }

    @Test
    void destinationTheConfigurationCannotBuildLeavesTheJobStagedWithTheFix() throws Exception {
        String archiveId = upload(random(5_000, 31), "misconfigured.bin");
        drop("nouser.json", "{\"vault\":\"" + VAULT + "\",\"destination\":\"nouser\",\"job\":{\"Type\":"
                + "\"archive-retrieval\",\"ArchiveId\":\"" + archiveId + "\",\"Tier\":\"Expedited\"}}");
        thaw.await("job STAGED with the destination's error", () -> {
            JobRecord j = jobFor(archiveId);
            return j != null && j.state() == JobState.STAGED && j.error() != null;
        });
        assertTrue(jobFor(archiveId).error().contains("no user name for sftp://127.0.0.1:")
                && jobFor(archiveId).error().contains("thaw.destinations.nouser.username"), jobFor(archiveId).error());
    }

    // ---- S3's object size limit, checked before a single byte is downloaded ----

    @Test
    void outputOverTheS3ObjectLimitFailsBeforeDownloadWithAClearMessage() throws Exception {
        byte[] bytes = random((int) S3_LIMIT + 1, 5);
        String archiveId = upload(bytes, "too/big.bin");
        drop("too-big.json", "{\"vault\":\"" + VAULT + "\",\"destination\":\"s3\",\"job\":{\"Type\":\"archive-retrieval\","
                + "\"ArchiveId\":\"" + archiveId + "\",\"Tier\":\"Expedited\"}}");
        JobRecord job = awaitState(archiveId, JobState.FAILED);
        assertTrue(job.error().contains("larger than " + S3_LIMIT + " bytes")
                && job.error().contains("thaw.s3.max-object-bytes")
                && job.error().contains("folder, FTP or SFTP"), job.error());
        assertTrue(thaw.sandbox().log().served().stream().noneMatch(s -> s.jobId().equals(job.jobId())),
                "no byte of the output was downloaded");
        assertFalse(servers.exists("s3", "too/big.bin"));
        assertFalse(Files.exists(thaw.work().resolve("staging/" + job.jobId() + ".part")));
    }

    // ---- an event endpoint that fails does not undo or repeat the delivery ----

    @Test
    void unsendableEventIsRetriedThenLoggedWithItsJsonAndTheNoticeIsStillDone() throws Exception {
        Path events = thaw.work().resolve("events");
        Path parked = thaw.work().resolve("events-parked");
        Files.createDirectories(events);
        Files.move(events, parked);
        Files.writeString(events, "a file where the event folder must be: every event write fails");
        Logger log = (Logger) LoggerFactory.getLogger("io.thaw.events");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            byte[] bytes = random(12_345, 99);
            String archiveId = upload(bytes, "events/lost-event.bin");
            drop("lost-event.json", "{\"vault\":\"" + VAULT + "\",\"destination\":\"folder\",\"job\":{\"Type\":"
                    + "\"archive-retrieval\",\"ArchiveId\":\"" + archiveId + "\",\"Tier\":\"Expedited\"}}");
            JobRecord job = awaitState(archiveId, JobState.DELIVERED);
            thaw.await("event failure logged for job " + job.jobId(), () -> logged.list.stream()
                    .anyMatch(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().contains(job.jobId())));
            String message = logged.list.stream().filter(e -> e.getFormattedMessage().contains(job.jobId()))
                    .findFirst().orElseThrow().getFormattedMessage();
            assertTrue(message.contains("thaw.events.delivered") && message.contains("\"treeHash\":\"" + TreeHash.of(bytes) + "\""),
                    "names the setting and carries the event's JSON for replay: " + message);
            assertEquals(TreeHash.of(bytes), TreeHash.of(servers.folderRoot.resolve("events/lost-event.bin")));
            // the exchange completed, so SQS deleted the notice: nothing comes back to be delivered twice
            thaw.await("notice queue empty", () -> queueDepth() == 0);
            assertEquals(JobState.DELIVERED, jobFor(archiveId).state());
            assertEquals(1, jobFor(archiveId).attempts());
        } finally {
            log.detachAppender(logged);
            Files.delete(events);
            Files.move(parked, events);
        }
    }

    int queueDepth() {
        var a = thaw.sqs().getQueueAttributes(b -> b.queueUrl(thaw.wired().queueUrl()).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    // ---- helpers ----

    /** Every test names its outputs under its destination's own folder so runs do not collide. */
    static String prefixed(String destination, String description) {
        if (description.startsWith("<m>")) {
            return fastGlacierV4(destination + "/" + new String(Base64.getDecoder().decode(
                    description.replaceAll(".*<p>(.*)</p>.*", "$1")), StandardCharsets.UTF_8), "20190708T091011Z");
        }
        if (description.startsWith("{")) {
            return description.replace("{\"Path\":\"", "{\"Path\":\"" + destination + "\\\\");
        }
        if (description.startsWith("mt2 ")) {
            return mt2("{\"mtime\":\"20190708T091011Z\",\"filename\":\"" + destination + "/dir/Привет мир.txt\"}");
        }
        return destination + "/" + description;
    }

    static String fastGlacierV4(String path, String lastModified) {
        return "<m><v>4</v><p>" + Base64.getEncoder().encodeToString(path.getBytes(StandardCharsets.UTF_8))
                + "</p><lm>" + lastModified + "</lm></m>";
    }

    static String mt2(String json) {
        return "mt2 " + Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Folder locations are file: URIs (percent-encoded); the others are written as they are. */
    static String decoded(String location) {
        return location.startsWith("file:") ? Path.of(java.net.URI.create(location)).toString() : location;
    }

    JsonNode awaitEvent(String jobId) {
        Path file = thaw.work().resolve("events").resolve(jobId + ".json");
        thaw.await("delivered event " + file, () -> readEvent(file) != null);
        return readEvent(file);
    }

    /** The event, or null while the file is missing or still being written. */
    static JsonNode readEvent(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return n != null && n.has("deliveredAt") ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    JobRecord awaitState(String archiveId, JobState state) {
        thaw.await("archive " + archiveId.substring(0, 8) + " " + state, () -> {
            JobRecord j = jobFor(archiveId);
            return j != null && j.state() == state;
        });
        return jobFor(archiveId);
    }

    JobRecord jobFor(String archiveId) {
        return thaw.jobFor(archiveId);
    }

    void drop(String relative, String content) throws IOException {
        thaw.drop(relative, content);
    }

    static String upload(byte[] data, String description) throws IOException {
        return thaw.upload(VAULT, data, description);
    }
}
