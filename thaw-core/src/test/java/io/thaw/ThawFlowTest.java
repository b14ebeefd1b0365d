package io.thaw;

import io.thaw.RouteTestSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.setup.LocalWiring;
import io.thaw.glacier.TreeHash;
import io.thaw.sandbox.Sandbox;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.store.JobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The walking skeleton, driven as a user drives it: the real routes/ and config/, the sandbox over
 * HTTP, request files dropped into the inbox, notices travelling SNS → SQS, files read back from
 * the destination folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThawFlowTest extends RouteTestSupport {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String VAULT = "photos";

    // Servers start in a static initializer: the Camel context is created before any @BeforeAll runs,
    // and it must already see the sandbox's endpoint and queue in its override properties.
    static final Path work;
    static final Path inbox;
    static final Path outbox;
    static final Sandbox sandbox;
    static final GlacierClient glacier;
    static final SqsClient sqs;
    static final Properties props = new Properties();
    static final LocalWiring.Wired wired;
    static final byte[] smallBytes = random(10_000, 1);
    static final byte[] multiChunkBytes = random(5 * (1 << 20) + 3, 2);
    static final byte[] describedBytes = random(70_000, 3);
    static final String small;
    static final String multiChunk;
    static final String described;

    static {
        try {
            work = Files.createDirectories(Path.of("target/test-work/flow-" + System.nanoTime()));
            inbox = Files.createDirectories(work.resolve("inbox"));
            outbox = work.resolve("outbox");
            sandbox = Sandbox.start(SandboxOptions.defaults().withPort(0).withDataDir(work.resolve("sandbox"))
                    .withJobDelays("Expedited=300ms,Standard=600ms,Bulk=900ms"));
            wired = LocalWiring.wire(sandbox.endpoint(), sandbox.region(), props);
            routeDefaults(props, work, inbox, outbox);
            props.setProperty("thaw.inventory.vaults", VAULT);
            props.setProperty("thaw.inventory.schedule", "PT1H");
            props.setProperty("thaw.inventory.tick-ms", "300");
            glacier = SandboxClients.glacier(sandbox);
            sqs = SandboxClients.sqs(sandbox);
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            small = upload(smallBytes, "");
            multiChunk = upload(multiChunkBytes, "videos/holiday.mp4");
            described = upload(describedBytes, "{\"Path\":\"docs/report.pdf\",\"UTCDateModified\":\"20200102T030405Z\"}");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopSandbox() throws Exception {
        context.stop(); // the test support leaves a PER_CLASS context running: stop its consumers first
        glacier.close();
        sqs.close();
        sandbox.close();
    }

    @Override
    protected Properties overrides() {
        return props;
    }

    @Test
    void envelopeRequestForTwoArchivesEndsAsVerifiedFiles() throws Exception {
        drop("two.json", "{\"vault\":\"photos\",\"job\":{\"Type\":\"archive-retrieval\",\"Tier\":\"Expedited\"},"
                + "\"archives\":[\"" + multiChunk + "\",\"" + described + "\"]}");
        JobRecord a = awaitDelivered(multiChunk);
        JobRecord b = awaitDelivered(described);
        assertBytes(a, multiChunkBytes);
        assertBytes(b, describedBytes);
        assertTrue(a.deliveredTo().endsWith("videos/holiday.mp4"), a.deliveredTo());
        assertTrue(b.deliveredTo().endsWith("docs/report.pdf"), b.deliveredTo());
        assertTrue(Files.exists(inbox.resolve(".done/two.json")));
        assertNoPartialFiles();
    }

    @Test
    void bareCliJobFileInVaultFolderIsDelivered() throws Exception {
        Files.createDirectories(inbox.resolve(VAULT));
        drop(VAULT + "/job-archive-retrieval.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + small
                + "\",\"Description\":\"bare CLI file\",\"Tier\":\"Bulk\"}");
        JobRecord j = awaitDelivered(small);
        assertBytes(j, smallBytes);
        assertTrue(j.deliveredTo().contains("00undefined/"), "empty description falls back: " + j.deliveredTo());
        assertTrue(Files.exists(inbox.resolve(".done/" + VAULT + "/job-archive-retrieval.json")));
    }

    @Test
    void timerStartsInventoryWhichIsDeliveredAsJson() throws Exception {
        Path dir = outbox.resolve(VAULT);
        Eventually.await("inventory file in " + dir, WAIT, () -> inventoryFile(dir) != null);
        String json = Files.readString(inventoryFile(dir), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"ArchiveList\""), json);
        assertTrue(json.contains(multiChunk), "inventory lists the uploaded archives");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        invalid-json.json   | {"vault": "photos",                                                     | JSON
        empty.json          |                                                                         | empty
        unknown-field.json  | {"vault":"photos","job":{"Type":"archive-retrieval","ArchiveID":"x"}}   | ArchiveID
        no-archive.json     | {"vault":"photos","job":{"Type":"archive-retrieval"}}                   | ArchiveId
        bad-range.json      | {"vault":"photos","job":{"Type":"archive-retrieval","ArchiveId":"abc","RetrievalByteRange":"1-2"}} | RetrievalByteRange
        outside.json        | {"vault":"photos","destination":"file:/etc","job":{"Type":"inventory-retrieval"}} | allowed
        no-such-vault.json  | {"vault":"nothere","job":{"Type":"inventory-retrieval"}}               | vault 'nothere' not found
        """)
    void malformedRequestGoesToErrorFolderWithItsOwnMessage(String name, String content, String expected)
            throws Exception {
        drop(name, content == null ? "" : content);
        Path note = inbox.resolve(".error/" + name + ".error.txt");
        Eventually.await(note.toString(), WAIT, () -> Files.exists(note) && Files.exists(inbox.resolve(".error/" + name)));
        String text = Files.readString(note, StandardCharsets.UTF_8);
        assertTrue(text.contains(expected), "message for " + name + " should mention '" + expected + "':\n" + text);
        assertFalse(Files.exists(inbox.resolve(name)));
    }

    @Test
    void unreadableNoticeIsKeptWithItsReasonAndRemovedFromTheQueue() throws Exception {
        sqs.sendMessage(b -> b.queueUrl(wired.queueUrl()).messageBody("this is not a notice"));
        Path errors = work.resolve("notices-error");
        Eventually.await("poison notice kept in " + errors, WAIT, () -> listing(errors).anyMatch(p ->
                p.toString().endsWith(".reason.txt")));
        Eventually.await("queue drained", WAIT, () -> "0".equals(sqs.getQueueAttributes(b -> b.queueUrl(wired.queueUrl())
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().get("ApproximateNumberOfMessagesNotVisible")));
    }

    @Test
    void jobThatGlacierFailsIsMarkedFailedWithItsMessage() throws Exception {
        byte[] doomed = random(2_000, 9);
        String id = upload(doomed, "doomed.bin");
        drop("doomed.json", "{\"vault\":\"photos\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + id
                + "\",\"Tier\":\"Bulk\"}}");
        Eventually.await("job recorded", WAIT, () -> jobFor(id) != null);
        glacier.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(id));
        Eventually.await("job FAILED", WAIT, () -> jobFor(id).state() == JobState.FAILED);
        assertNotNull(jobFor(id).error());
    }

    @Test
    void noticeForAJobThawDidNotStartIsIgnoredByDefault() {
        String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName(VAULT).jobParameters(p -> p
                .type("archive-retrieval").archiveId(small).tier("Expedited").snsTopic(wired.topicArn()))).jobId();
        Eventually.await("sandbox completed the foreign job", WAIT, () -> sandbox.log().jobs().stream()
                .anyMatch(j -> j.jobId().equals(jobId) && j.completed() != null));
        Eventually.await("queue drained", WAIT, () -> "0".equals(sqs.getQueueAttributes(b -> b.queueUrl(wired.queueUrl())
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().get("ApproximateNumberOfMessages")));
        assertTrue(store().find(jobId).isEmpty());
    }

    // ---- helpers ----

    JobRecord awaitDelivered(String archiveId) {
        Eventually.await("archive " + archiveId.substring(0, 8) + " delivered", WAIT, () -> {
            JobRecord j = jobFor(archiveId);
            return j != null && j.state() == JobState.DELIVERED;
        });
        return jobFor(archiveId);
    }

    JobRecord jobFor(String archiveId) {
        return store().list(null).stream().filter(j -> archiveId.equals(j.archiveId())).findFirst().orElse(null);
    }

    void assertBytes(JobRecord j, byte[] expected) throws IOException {
        Path f = Path.of(URI.create(j.deliveredTo()));
        assertTrue(f.startsWith(outbox.toAbsolutePath()), "delivered inside the destination root: " + f);
        assertEquals(TreeHash.of(expected), TreeHash.of(f));
    }

    void assertNoPartialFiles() throws IOException {
        try (Stream<Path> s = Files.walk(outbox)) {
            List<Path> partial = s.filter(p -> p.getFileName().toString().contains("thaw-part")).toList();
            assertTrue(partial.isEmpty(), "partial files left: " + partial);
        }
    }

    void drop(String relative, String content) throws IOException {
        dropRequest(inbox, relative, content);
    }

    static String upload(byte[] data, String description) throws IOException {
        return uploadArchive(glacier, VAULT, work, data, description);
    }

    static Path inventoryFile(Path dir) {
        return listing(dir).filter(p -> p.getFileName().toString().matches("inventory-.*\\.json")).findFirst()
                .orElse(null);
    }

    static Stream<Path> listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
