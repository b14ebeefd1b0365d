package io.thaw.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.model.JobParameters;

/** Accepted shapes of request files. Rejections are in {@link RequestRejectionTest}. */
class RequestParserTest {

    static final String ID = "NkbByEejwEggmBz2fTHgJrg0XBoDfjP4q6iu87-TjhqG6eGoOY9Z8i1_AUyUsuhPAdTqLHy8pTl5nfCFJmDl2yEZONi5L26Omw12vcs01MNGntHEQL8MBfGlqrEXAMPLEArchiveId";
    static final RequestPolicy POLICY = new RequestPolicy("file:work/outbox", List.of("file:/data/out", "s3://bucket/prefix"),
            Map.of("nas", "sftp://nas.example.com/backups/restored", "vault-s3", "s3://restore-bucket/glacier/"),
            "Standard", Path.of("/srv/thaw"));

    static ThawRequest parse(String path, String json) throws Exception {
        return RequestParser.parse(path, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), POLICY);
    }

    @Test
    void envelopeWithArchivesStartsOneJobPerArchiveWithSharedParameters() throws Exception {
        String json = """
                {"vault": "photos", "account": "111122223333",
                 "job": {"Type": "archive-retrieval", "Tier": "Bulk", "Description": "restore 2019",
                         "SNSTopic": "arn:aws:sns:us-east-1:111122223333:glacier-jobs", "RetrievalByteRange": "0-2097151"},
                 "archives": ["%s", "-startsWithHyphen_1"],
                 "destination": "file:/data/out/2019"}
                """.formatted(ID);
        ThawRequest r = parse("req.json", json);
        assertEquals("photos", r.vault());
        assertEquals("111122223333", r.account());
        assertEquals("file:/data/out/2019", r.destination());
        assertNull(r.name());
        assertEquals(2, r.jobs().size());
        assertEquals(ID, r.jobs().get(0).archiveId());
        assertEquals("-startsWithHyphen_1", r.jobs().get(1).archiveId());
        for (JobSpec j : r.jobs()) {
            assertEquals("archive-retrieval", j.type());
            assertEquals("Bulk", j.tier());
            assertEquals("restore 2019", j.description());
            assertEquals("arn:aws:sns:us-east-1:111122223333:glacier-jobs", j.snsTopic());
            assertEquals("0-2097151", j.byteRange());
            assertNull(j.format());
            assertNull(j.inventory());
        }
        JobParameters p = r.jobs().get(1).toJobParameters();
        assertEquals("archive-retrieval", p.type());
        assertEquals("-startsWithHyphen_1", p.archiveId());
        assertEquals("0-2097151", p.retrievalByteRange());
        assertEquals("arn:aws:sns:us-east-1:111122223333:glacier-jobs", p.snsTopic());
        assertEquals("restore 2019", p.description());
        assertEquals("Bulk", p.tier());
        assertNull(p.format());
        assertNull(p.inventoryRetrievalParameters());
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), r.contentSha256());
    }

    @Test
    void envelopeWithInventoryJobAndRangeParameters() throws Exception {
        ThawRequest r = parse("inv.json", """
                {"vault": "photos", "job": {"Type": "inventory-retrieval", "Format": "CSV",
                  "InventoryRetrievalParameters": {"StartDate": "2013-03-20T17:03:43Z", "EndDate": "2014-01-01T00:00:00Z",
                   "Limit": "10000", "Marker": "vyS0t2jHQe5qbcDggIeD50chS1SXwYMrkVKo0KHiTUjEYxBGCqRLKaiySzdN7QXGVVV5XZpNVG67pCZ_uykQXFMLaxOSu2hO_-5C0AtWMDrfo7LgVOyfnveDRuOSecUo3Ueq7K0"}},
                 "destination": "vault-s3", "name": "photos-inventory.csv"}
                """);
        assertEquals("-", r.account(), "account defaults to -");
        assertEquals("s3://restore-bucket/glacier/", r.destination());
        assertEquals("photos-inventory.csv", r.name());
        JobSpec j = r.jobs().get(0);
        assertTrue(j.isInventory());
        assertNull(j.archiveId());
        assertNull(j.tier(), "the default tier is for archive jobs only");
        assertEquals("CSV", j.format());
        assertEquals(new InventoryParameters("2013-03-20T17:03:43Z", "2014-01-01T00:00:00Z", "10000",
                "vyS0t2jHQe5qbcDggIeD50chS1SXwYMrkVKo0KHiTUjEYxBGCqRLKaiySzdN7QXGVVV5XZpNVG67pCZ_uykQXFMLaxOSu2hO_-5C0AtWMDrfo7LgVOyfnveDRuOSecUo3Ueq7K0"),
                j.inventory());
        JobParameters p = j.toJobParameters();
        assertEquals("inventory-retrieval", p.type());
        assertEquals("CSV", p.format());
        assertEquals("10000", p.inventoryRetrievalParameters().limit());
        assertEquals("2013-03-20T17:03:43Z", p.inventoryRetrievalParameters().startDate());
        assertNull(p.archiveId());
        assertNull(p.tier());
    }

    @Test
    void inventoryFormatDefaultsToJson() throws Exception {
        JobSpec j = parse("a.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"inventory-retrieval\"}}").jobs().get(0);
        assertEquals("JSON", j.format());
        assertNull(j.inventory());
        j = parse("a.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"inventory-retrieval\",\"InventoryRetrievalParameters\":{}}}").jobs().get(0);
        assertNull(j.inventory(), "an empty parameter object asks for nothing");
    }

    @Test
    void sameBytesSameHashDifferentBytesDifferentHash() throws Exception {
        String a = "{\"vault\":\"v\",\"job\":{\"Type\":\"inventory-retrieval\"}}";
        assertEquals(parse("a.json", a).contentSha256(), parse("b.json", a).contentSha256());
        assertTrue(parse("a.json", a).contentSha256().matches("[0-9a-f]{64}"));
        assertTrue(!parse("a.json", a).contentSha256().equals(parse("a.json", a + "\n").contentSha256()));
    }

    /** The AWS docs' job-archive-retrieval.json, dropped into inbox/<vault>/: the folder names the vault. */
    @Test
    void bareAwsDocsJobFileInVaultFolder() throws Exception {
        ThawRequest r = parse("my-vault/job-archive-retrieval.json", """
                {
                  "Type": "archive-retrieval",
                  "ArchiveId": "kKB7ymWJVpPSwhGP6ycSOAekp9ZYe_--zM_mw6k76ZFGEIWQX-ybtRDvc2VkPSDtfKmQrj0IRQLSGsNuDp-AJVlu2ccmDSyDUmZwKbwbpAdGATGDiB3hHO0bjbGehXTcApVud_wyDw",
                  "Description": "Retrieve archive on 2015-07-17",
                  "SNSTopic": "arn:aws:sns:us-west-2:0123456789012:my-topic",
                  "Tier": "Bulk"
                }
                """.replace("0123456789012", "012345678901"));
        assertEquals("my-vault", r.vault());
        assertEquals("-", r.account());
        assertEquals("file:work/outbox", r.destination(), "a bare file goes to the default destination");
        JobSpec j = r.jobs().get(0);
        assertEquals("archive-retrieval", j.type());
        assertEquals("Bulk", j.tier());
        JobParameters p = j.toJobParameters();
        assertEquals("kKB7ymWJVpPSwhGP6ycSOAekp9ZYe_--zM_mw6k76ZFGEIWQX-ybtRDvc2VkPSDtfKmQrj0IRQLSGsNuDp-AJVlu2ccmDSyDUmZwKbwbpAdGATGDiB3hHO0bjbGehXTcApVud_wyDw", p.archiveId());
        assertEquals("Retrieve archive on 2015-07-17", p.description());
        assertEquals("arn:aws:sns:us-west-2:012345678901:my-topic", p.snsTopic());
        assertEquals("Bulk", p.tier());
        assertNull(p.retrievalByteRange());
        assertNull(p.inventoryRetrievalParameters());
    }

    @Test
    void bareInventoryFileGetsNoTierAndDefaultTierAppliesToArchiveJobs() throws Exception {
        assertNull(parse("v/inv.json", "{\"Type\":\"inventory-retrieval\"}").jobs().get(0).tier());
        assertEquals("Standard", parse("v/a.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"abc\"}").jobs().get(0).tier());
    }

    @Test
    void envelopeInVaultFolderMayOmitVault() throws Exception {
        ThawRequest r = parse("photos/req.json", "{\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"x-1\"}}");
        assertEquals("photos", r.vault());
        r = parse("photos/req.json", "{\"vault\":\"photos\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"x-1\"}}");
        assertEquals("photos", r.vault());
    }

    @Test
    void nonAlignedEndIsAcceptedBecauseItMayBeTheArchivesLastByte() throws Exception {
        JobSpec j = parse("v/a.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"abc\",\"RetrievalByteRange\":\"1048576-3311110\"}")
                .jobs().get(0);
        assertEquals("1048576-3311110", j.byteRange());
    }

    @Test
    void byteOrderMarkAndWindowsBackslashPathAreAccepted() throws Exception {
        byte[] json = "\uFEFF{\"Type\":\"inventory-retrieval\"}".getBytes(StandardCharsets.UTF_8);
        ThawRequest r = RequestParser.parse("photos\\inv.json", new ByteArrayInputStream(json), POLICY);
        assertEquals("photos", r.vault());
    }

    @Test
    void descriptionOfExactly1024PrintableCharactersIsAccepted() throws Exception {
        String d = "~ ".repeat(512);
        assertEquals(d, parse("v/a.json", "{\"Type\":\"inventory-retrieval\",\"Description\":\"" + d + "\"}").jobs().get(0).description());
    }

    @Test
    void ioErrorsAreNotRejections() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        assertThrows(IOException.class, () -> RequestParser.parse("r.json", broken, POLICY));
    }

    @Test
    void fileOfExactly16MibIsReadButNotRejectedForSize() {
        byte[] big = new byte[RequestParser.MAX_BYTES];
        java.util.Arrays.fill(big, (byte) ' ');
        byte[] json = "{\"Type\":\"inventory-retrieval\"}".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(json, 0, big, 0, json.length);
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> RequestParser.parse("r.json", new ByteArrayInputStream(big), POLICY));
        assertTrue(e.getMessage().startsWith("a bare AWS CLI job file must be in inbox/<vault name>/"), e.getMessage());
    }
}
