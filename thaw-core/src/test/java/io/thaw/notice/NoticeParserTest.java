package io.thaw.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real captured notices (glacier-wire.md §6.1) in every delivery form, and every poison case. */
class NoticeParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String resource(String name) throws IOException {
        try (InputStream in = NoticeParserTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String archiveMessage() throws IOException {
        return JSON.readTree(resource("archive-retrieval-envelope.json")).get("Message").textValue();
    }

    static String envelope(String message) {
        ObjectNode e = JSON.createObjectNode();
        e.put("Type", "Notification").put("MessageId", "2d1f8e86-2281-5d20-9827-d69838138c5a")
                .put("TopicArn", "arn:aws:sns:ap-southeast-2:111122223333:vault03-t-VaultInventoryTopic-1934ER25BD37L")
                .put("Message", message).put("Timestamp", "2020-11-05T15:20:50.417Z").put("SignatureVersion", "1");
        return e.toString();
    }

    /** The Message with one key changed (null removes it). */
    static String withKey(String message, String key, Object value) throws IOException {
        ObjectNode m = (ObjectNode) JSON.readTree(message);
        if (value == null) {
            m.remove(key);
        } else {
            m.set(key, JSON.valueToTree(value));
        }
        return m.toString();
    }

    static void assertRealArchiveNotice(JobNotice n) {
        assertEquals("ArchiveRetrieval", n.action());
        assertEquals("mGW5ossJiOI8lQUFqXeaejxnT0PUsd_0WDO96ySNm_sVQ_GpjcYbVXShY-RP-Y-ENuxV8iz9jH00n7ay0OKDr6VlhP97ExrwY8DcO_UWqwkIXAhqVJZV9z12dyfnJi6a5jtjJ5Gm3Q", n.archiveId());
        assertEquals("8810b1412025d931407f4debd89f5a11fd62db7ca9101040c0de336e3a453e23", n.archiveSha256TreeHash());
        assertEquals(2097152L, n.archiveSizeInBytes());
        assertTrue(n.completed());
        assertEquals(Instant.parse("2018-08-28T10:04:33.978Z"), n.completionDate());
        assertEquals(Instant.parse("2018-08-28T06:20:32.385Z"), n.creationDate());
        assertNull(n.inventoryRetrievalParameters());
        assertNull(n.inventorySizeInBytes());
        assertNull(n.jobDescription());
        assertEquals("fdjyolMiFRh5e3GiRuji6jqbbQMIqEKDTb_sv2B3Vu8p8Mzw8iIQAuYANkVgNNusduvYWJWWBaUl3f-3pc-B9MImhCJe", n.jobId());
        assertEquals("0-2097151", n.retrievalByteRange());
        assertEquals("8810b1412025d931407f4debd89f5a11fd62db7ca9101040c0de336e3a453e23", n.sha256TreeHash());
        assertEquals("arn:aws:sns:us-east-2:446183465487:retrieval", n.snsTopic());
        assertEquals("Succeeded", n.statusCode());
        assertEquals("Succeeded", n.statusMessage());
        assertEquals("Standard", n.tier());
        assertEquals("arn:aws:glacier:us-east-2:446183465487:vaults/vkleban", n.vaultArn());
        assertTrue(n.succeeded());
        assertFalse(n.isInventory());
        assertEquals("vkleban", n.vaultName());
        assertEquals("446183465487", n.account());
        assertEquals("us-east-2", n.region());
    }

    @Test
    void realArchiveRetrievalNoticeInSnsEnvelope() throws Exception {
        assertRealArchiveNotice(NoticeParser.parse(resource("archive-retrieval-envelope.json")));
    }

    @Test
    void realArchiveRetrievalNoticeRawDelivery() throws Exception {
        assertRealArchiveNotice(NoticeParser.parse(archiveMessage()));
    }

    @Test
    void base64EncodedBodiesAsSdkV1PublishersSentThem() throws Exception {
        String envelope = resource("archive-retrieval-envelope.json");
        assertRealArchiveNotice(NoticeParser.parse(Base64.getEncoder().encodeToString(envelope.getBytes(StandardCharsets.UTF_8))));
        assertRealArchiveNotice(NoticeParser.parse(Base64.getMimeEncoder().encodeToString(archiveMessage().getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void realInventoryRetrievalNoticeRawAndEnveloped() throws Exception {
        String raw = resource("inventory-retrieval-raw.json");
        for (String body : new String[] {raw, envelope(raw)}) {
            JobNotice n = NoticeParser.parse(body);
            assertTrue(n.isInventory());
            assertTrue(n.succeeded());
            assertNull(n.archiveId());
            assertNull(n.archiveSizeInBytes());
            assertNull(n.tier());
            assertEquals(2006L, n.inventorySizeInBytes());
            assertEquals(new NoticeInventoryParameters("CSV", null, null, null, null), n.inventoryRetrievalParameters());
            assertFalse(n.inventoryRetrievalParameters().hasMore());
            assertEquals("vault03_request_inventory_job_1604575994426", n.jobDescription());
            assertEquals("zbxcm3Z_3z5UkoroF7SuZKrxgGoDc3RloGduS7Eg-RO47Yc6FxsdGBgf_Q2DK5Ejh18CnTS5XW4_XqlNHS61dsO4CnMW", n.jobId());
            assertEquals("vault03", n.vaultName());
            assertEquals("111122223333", n.account());
            assertEquals("ap-southeast-2", n.region());
            assertEquals(Instant.parse("2020-11-05T15:20:50.362Z"), n.completionDate());
        }
    }

    @Test
    void failedJob() throws Exception {
        String m = withKey(withKey(withKey(archiveMessage(), "StatusCode", "Failed"), "StatusMessage",
                "The archive could not be retrieved"), "SHA256TreeHash", null);
        JobNotice n = NoticeParser.parse(envelope(m));
        assertFalse(n.succeeded());
        assertTrue(n.failed());
        assertTrue(n.completed());
        assertEquals("The archive could not be retrieved", n.statusMessage());
        assertNull(n.sha256TreeHash());
    }

    @Test
    void missingKeysAreNullAndCompletedFollowsTheStatus() throws Exception {
        String m = "{\"JobId\":\"abc-123\",\"StatusCode\":\"Succeeded\",\"VaultARN\":\"arn:aws:glacier:eu-west-1:111122223333:vaults/v.1\"}";
        JobNotice n = NoticeParser.parse(m);
        assertTrue(n.completed());
        assertNull(n.action());
        assertNull(n.completionDate());
        assertNull(n.archiveSizeInBytes());
        assertNull(n.tier());
        assertTrue(n.isInventory(), "no Action and no ArchiveId: an inventory job");
        n = NoticeParser.parse(withKey(m, "StatusCode", "InProgress"));
        assertFalse(n.completed());
        n = NoticeParser.parse(withKey(m, "ArchiveId", "xyz"));
        assertFalse(n.isInventory());
    }

    @Test
    void extraKeysAreIgnored() throws Exception {
        String m = withKey(withKey(archiveMessage(), "JobOutputPath", "s3://x/y"), "SelectParameters", java.util.Map.of("a", 1));
        assertRealArchiveNotice(NoticeParser.parse(envelope(m)));
        ObjectNode env = (ObjectNode) JSON.readTree(resource("archive-retrieval-envelope.json"));
        env.put("Subject", "hello").set("MessageAttributes", JSON.createObjectNode());
        assertRealArchiveNotice(NoticeParser.parse(env.toString()));
    }

    @Test
    void subscriptionConfirmationIsNotPoison() {
        String body = "{\"Type\":\"SubscriptionConfirmation\",\"MessageId\":\"165545c9-2a5c-472c-8df2-7ff2be2b3b1b\","
                + "\"Token\":\"2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736\","
                + "\"TopicArn\":\"arn:aws:sns:us-west-2:123456789012:MyTopic\",\"Message\":\"You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.\\nTo confirm the subscription, visit the SubscribeURL included in this message.\","
                + "\"SubscribeURL\":\"https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37\","
                + "\"Timestamp\":\"2012-04-26T20:45:04.751Z\",\"SignatureVersion\":\"1\",\"Signature\":\"EXAMPLE\",\"SigningCertURL\":\"https://sns.us-west-2.amazonaws.com/x.pem\"}";
        SnsSubscriptionMessageException e = assertThrows(SnsSubscriptionMessageException.class, () -> NoticeParser.parse(body));
        assertEquals("SubscriptionConfirmation", e.snsType());
        assertEquals("arn:aws:sns:us-west-2:123456789012:MyTopic", e.topicArn());
        assertTrue(e.getMessage().startsWith("SNS SubscriptionConfirmation for topic arn:aws:sns:us-west-2:123456789012:MyTopic"
                + " is not a job notice: dropped."), e.getMessage());
        assertFalse(e.getMessage().contains("2336412f37"), "the confirmation token must not reach the logs");
        SnsSubscriptionMessageException u = assertThrows(SnsSubscriptionMessageException.class, () -> NoticeParser.parse(
                "{\"Type\":\"UnsubscribeConfirmation\",\"TopicArn\":\"arn:aws:sns:us-west-2:123456789012:MyTopic\",\"Message\":\"x\"}"));
        assertEquals("UnsubscribeConfirmation", u.snsType());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        empty body                   | ' '                                                      | not JSON: the message body is empty
        plain text                   | hello world                                              | not JSON (and not base64): the body starts with "hello world"
        base64 of text               | aGVsbG8gd29ybGQ=                                         | not JSON: the body starts with "aGVsbG8gd29ybGQ=" (not JSON, and its base64 decoding is not a JSON object either)
        broken JSON                  | {"Type":"Notification",                                  | not JSON: the message body does not parse (line 1, column 24): Unexpected end-of-input within/between Object entries
        JSON array                   | [1,2]                                                    | not a JSON object: the message body is array
        envelope without Message     | {"Type":"Notification","TopicArn":"arn:aws:sns:us-east-1:111122223333:t"} | SNS envelope without Message (topic arn:aws:sns:us-east-1:111122223333:t)
        Message not a string         | {"Type":"Notification","Message":{"JobId":"a"}}          | SNS envelope Message is not a string (topic null): SNS always sends the published message as a JSON string
        Message not JSON             | {"Type":"Notification","Message":"hello"}                | not JSON: the SNS Message does not parse (line 1, column 6): Unrecognized token 'hello': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')
        Message without JobId        | {"Type":"Notification","Message":"{\\"Action\\":\\"ArchiveRetrieval\\"}"} | Message is not a Glacier job notice (no JobId); its keys are Action
        raw object without JobId     | {"hello":"world"}                                        | Message is not a Glacier job notice (no JobId); its keys are hello
        unknown SNS Type             | {"Type":"Gossip","Message":"x"}                          | SNS envelope of unknown Type "Gossip" (topic null): only Notification carries a Glacier job notice
        """)
    void poison(String label, String body, String reason) {
        PoisonNoticeException e = assertThrows(PoisonNoticeException.class, () -> NoticeParser.parse(body));
        assertEquals(reason, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        VaultARN                | arn:aws:glacier:us-east-1:111122223333:vault/photos | VaultARN malformed: "arn:aws:glacier:us-east-1:111122223333:vault/photos" is not arn:aws:glacier:<region>:<12-digit account>:vaults/<name> (job JOB)
        VaultARN                | arn:aws:s3:::photos                                  | VaultARN malformed: "arn:aws:s3:::photos" is not arn:aws:glacier:<region>:<12-digit account>:vaults/<name> (job JOB)
        VaultARN                |                                                      | VaultARN missing in the notice for job JOB
        StatusCode              |                                                      | StatusCode missing in the notice for job JOB
        StatusCode              | Done                                                 | StatusCode "Done" unknown (job JOB): Glacier sends InProgress, Succeeded or Failed
        JobId                   | ../../etc                                            | JobId malformed: "../../etc" has characters other than A-Z a-z 0-9 _ -
        ArchiveId               | a/b                                                  | ArchiveId malformed: "a/b" has characters other than A-Z a-z 0-9 _ - (job JOB)
        SHA256TreeHash          | xyz                                                  | SHA256TreeHash malformed: "xyz" is not 64 hex digits (job JOB)
        CompletionDate          | yesterday                                            | CompletionDate malformed: "yesterday" is not an ISO-8601 date-time (job JOB)
        """)
    void poisonFields(String key, String value, String reason) throws Exception {
        String m = withKey(withKey(archiveMessage(), "JobId", "JOB"), key, value);
        PoisonNoticeException e = assertThrows(PoisonNoticeException.class, () -> NoticeParser.parse(envelope(m)));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void sizesMustBeByteCounts() throws Exception {
        String m = withKey(archiveMessage(), "ArchiveSizeInBytes", "big");
        PoisonNoticeException e = assertThrows(PoisonNoticeException.class, () -> NoticeParser.parse(m));
        assertTrue(e.getMessage().startsWith("ArchiveSizeInBytes malformed: \"big\" is not a byte count"), e.getMessage());
        assertThrows(PoisonNoticeException.class, () -> NoticeParser.parse(withKey(archiveMessage(), "InventorySizeInBytes", -1)));
        assertThrows(PoisonNoticeException.class, () -> NoticeParser.parse(withKey(archiveMessage(), "Completed", "yes")));
    }

    @Test
    void treeHashesAreLowerCased() throws Exception {
        String m = withKey(archiveMessage(), "SHA256TreeHash", "8810B1412025D931407F4DEBD89F5A11FD62DB7CA9101040C0DE336E3A453E23");
        assertEquals("8810b1412025d931407f4debd89f5a11fd62db7ca9101040c0de336e3a453e23", NoticeParser.parse(m).sha256TreeHash());
    }

    @Test
    void vaultArnParts() {
        VaultArn a = VaultArn.parse("arn:aws-cn:glacier:cn-north-1:111122223333:vaults/my_vault.2019-x");
        assertEquals(new VaultArn("aws-cn", "cn-north-1", "111122223333", "my_vault.2019-x"), a);
        assertEquals("arn:aws-cn:glacier:cn-north-1:111122223333:vaults/my_vault.2019-x", a.toString());
        assertNull(VaultArn.parse("arn:aws:glacier:us-east-1:1111:vaults/v"));
    }
}
