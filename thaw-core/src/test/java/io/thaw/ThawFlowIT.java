package io.thaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import io.thaw.store.JobRecord;
import io.thaw.store.JobState;
import io.thaw.testing.ThawRoutes;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The walking skeleton, driven as a user drives it: the real routes/ and config/, the sandbox over
 * HTTP, request files dropped into the inbox, notices travelling SNS → SQS, files read back from
 * the destination folder.
 */
class ThawFlowIT {

    static final String VAULT = "photos";
    static final byte[] smallBytes = ThawRoutes.random(10_000, 1);
    static final byte[] multiChunkBytes = ThawRoutes.random(5 * (1 << 20) + 3, 2);
    static final byte[] describedBytes = ThawRoutes.random(70_000, 3);
    static String small;
    static String multiChunk;
    static String described;

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox()
            .set("thaw.inventory.vaults", VAULT)
            .set("thaw.inventory.schedule", "PT1H")
            .set("thaw.inventory.tick-ms", "300")
            .before(t -> {
                t.glacier().createVault(b -> b.accountId("-").vaultName(VAULT));
                small = upload(smallBytes, "");
                multiChunk = upload(multiChunkBytes, "videos/holiday.mp4");
                described = upload(describedBytes, "{\"Path\":\"docs/report.pdf\",\"UTCDateModified\":\"20200102T030405Z\"}");
            });

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
        assertTrue(Files.exists(thaw.inbox().resolve(".done/two.json")));
        assertNoPartialFiles();
    }

    @Test
    void bareCliJobFileInVaultFolderIsDelivered() throws Exception {
        Files.createDirectories(thaw.inbox().resolve(VAULT));
        drop(VAULT + "/job-archive-retrieval.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + small
                + "\",\"Description\":\"bare CLI file\",\"Tier\":\"Bulk\"}");
        JobRecord j = awaitDelivered(small);
        assertBytes(j, smallBytes);
        assertTrue(j.deliveredTo().contains("00undefined/"), "empty description falls back: " + j.deliveredTo());
        assertTrue(Files.exists(thaw.inbox().resolve(".done/" + VAULT + "/job-archive-retrieval.json")));
    }

    @Test
    void timerStartsInventoryWhichIsDeliveredAsJson() throws Exception {
        Path dir = thaw.outbox().resolve(VAULT);
        thaw.await("inventory file in " + dir, () -> inventoryFile(dir) != null);
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
        Path note = thaw.inbox().resolve(".error/" + name + ".error.txt");
        thaw.await(note.toString(), () -> Files.exists(note) && Files.exists(thaw.inbox().resolve(".error/" + name)));
        String text = Files.readString(note, StandardCharsets.UTF_8);
        assertTrue(text.contains(expected), "message for " + name + " should mention '" + expected + "':\n" + text);
        assertFalse(Files.exists(thaw.inbox().resolve(name)));
    }

    @Test
    void unreadableNoticeIsKeptWithItsReasonAndRemovedFromTheQueue() throws Exception {
        thaw.sqs().sendMessage(b -> b.queueUrl(thaw.wired().queueUrl()).messageBody("this is not a notice"));
        Path errors = thaw.work().resolve("notices-error");
        thaw.await("poison notice kept in " + errors, () -> listing(errors).anyMatch(p ->
                p.toString().endsWith(".reason.txt")));
        thaw.await("queue drained", () -> "0".equals(thaw.sqs().getQueueAttributes(b -> b.queueUrl(thaw.wired().queueUrl())
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().get("ApproximateNumberOfMessagesNotVisible")));
    }

    @Test
    void jobThatGlacierFailsIsMarkedFailedWithItsMessage() throws Exception {
        byte[] doomed = ThawRoutes.random(2_000, 9);
        String id = upload(doomed, "doomed.bin");
        drop("doomed.json", "{\"vault\":\"photos\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + id
                + "\",\"Tier\":\"Bulk\"}}");
        thaw.await("job recorded", () -> jobFor(id) != null);
        thaw.glacier().deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(id));
        thaw.await("job FAILED", () -> jobFor(id).state() == JobState.FAILED);
        assertNotNull(jobFor(id).error());
    }

    @Test
    void noticeForAJobThawDidNotStartIsIgnoredByDefault() {
        String jobId = thaw.glacier().initiateJob(b -> b.accountId("-").vaultName(VAULT).jobParameters(p -> p
                .type("archive-retrieval").archiveId(small).tier("Expedited").snsTopic(thaw.wired().topicArn()))).jobId();
        thaw.await("sandbox completed the foreign job", () -> thaw.sandbox().log().jobs().stream()
                .anyMatch(j -> j.jobId().equals(jobId) && j.completed() != null));
        thaw.await("queue drained", () -> "0".equals(thaw.sqs().getQueueAttributes(b -> b.queueUrl(thaw.wired().queueUrl())
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().get("ApproximateNumberOfMessages")));
        assertTrue(thaw.store().find(jobId).isEmpty());
    }

    // ---- helpers ----

    static JobRecord awaitDelivered(String archiveId) {
        return thaw.awaitDelivered(archiveId);
    }

    static JobRecord jobFor(String archiveId) {
        return thaw.jobFor(archiveId);
    }

    static void assertBytes(JobRecord j, byte[] expected) throws IOException {
        Path f = Path.of(URI.create(j.deliveredTo()));
        assertTrue(f.startsWith(thaw.outbox()), "delivered inside the destination root: " + f);
        assertEquals(TreeHash.of(expected), TreeHash.of(f));
    }

    static void assertNoPartialFiles() throws IOException {
        try (Stream<Path> s = Files.walk(thaw.outbox())) {
            List<Path> partial = s.filter(p -> p.getFileName().toString().contains("thaw-part")).toList();
            assertTrue(partial.isEmpty(), "partial files left: " + partial);
        }
    }

    static void drop(String relative, String content) throws IOException {
        thaw.drop(relative, content);
    }

    static String upload(byte[] data, String description) throws IOException {
        return thaw.upload(VAULT, data, description);
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
