package io.thaw.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DescriptionParserTest {

    private static final String UNICODE_NAME = "Fotos/München/Straße – 日本 😀.jpg";

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void fastGlacierV4ExampleFromTheFormatPage() {
        ParsedDescription p = DescriptionParser.parse("<m>\n  <v>4</v>\n  <p>Z2xhY2llci1kZy5wZGY=</p>\n"
                + "  <lm>20120821T170824Z</lm>\n  <ce>1:1:4340ebcf79712dc5e3ef7d50bab98ba5:54687</ce>\n</m>");
        assertEquals(new ParsedDescription(Format.FASTGLACIER_V4, "glacier-dg.pdf",
                Instant.parse("2012-08-21T17:08:24Z"), null), p);
    }

    @Test
    void fastGlacierV4KeepsNonAsciiNamesExactly() {
        ParsedDescription p = DescriptionParser.parse("<m><v>4</v><p>" + b64(UNICODE_NAME)
                + "</p><lm>20190121T085242Z</lm><ce>0:0:d41d8cd98f00b204e9800998ecf8427e:0</ce></m>");
        assertEquals(Format.FASTGLACIER_V4, p.format());
        assertEquals(UNICODE_NAME, p.path());
        assertEquals(Instant.parse("2019-01-21T08:52:42Z"), p.lastModified());
    }

    @Test
    void fastGlacierV3AndV2() {
        ParsedDescription v3 = DescriptionParser.parse("<m><v>3</v><p>" + b64("docs/ü.txt")
                + "</p><lm>20130101T000000Z</lm><ce>1:0:4340ebcf79712dc5e3ef7d50bab98ba5</ce></m>");
        assertEquals(new ParsedDescription(Format.FASTGLACIER_V3, "docs/ü.txt", Instant.parse("2013-01-01T00:00:00Z"), null), v3);
        ParsedDescription v2 = DescriptionParser.parse("<m><v>2</v><p>" + b64("a/b c.txt") + "</p><lm>20121231T235959Z</lm></m>");
        assertEquals(new ParsedDescription(Format.FASTGLACIER_V2, "a/b c.txt", Instant.parse("2012-12-31T23:59:59Z"), null), v2);
    }

    @Test
    void fastGlacierToleratesPaddingSpacesAsSeenInRealInventories() {
        // Sample from the AWS solution's tests: stray spaces inside <p> and <lm>.
        ParsedDescription p = DescriptionParser.parse("           <m><v>4</v><p>RlgxNTAvQ0JCX2ZpZ3VyZS90ZXN0X3B5dGjDtm5fZmlsZS5jYmI=</p>"
                + "<lm>20190121T085242Z       </lm>        </m>");
        assertEquals("FX150/CBB_figure/test_pythön_file.cbb", p.path());
        assertEquals(Instant.parse("2019-01-21T08:52:42Z"), p.lastModified());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<ArchiveMetadata>           <Path>       UkVOREVSRkFSTTUvQjovb25lL3R3by90aHJlZS9jaDAxX3NlcTAwNF9zaDAwMTAuMjA0NC5kcHg=   </Path></ArchiveMetadata>",
            "\"<ArchiveMetadata>           <Path>       UkVOREVSRkFSTTUvQjovb25lL3R3by90aHJlZS9jaDAxX3NlcTAwNF9zaDAwMTAuMjA0NC5kcHg=   </Path></ArchiveMetadata>\""})
    void fastGlacierV1QuotedOrNot(String description) {
        ParsedDescription p = DescriptionParser.parse(description);
        assertEquals(Format.FASTGLACIER_V1, p.format());
        assertEquals("RENDERFARM5/B:/one/two/three/ch01_seq004_sh0010.2044.dpx", p.path());
        assertNull(p.lastModified());
    }

    @Test
    void fastGlacierInvalidUtf8ShowsTheBadBytes() {
        byte[] latin1 = "café naïve.txt".getBytes(StandardCharsets.ISO_8859_1);
        ParsedDescription p = DescriptionParser.parse("<m><v>4</v><p>" + Base64.getEncoder().encodeToString(latin1) + "</p></m>");
        assertEquals("caf%E9 na%EFve.txt", p.path());
    }

    @Test
    void fastGlacierBadLastModifiedCostsOnlyTheTime() {
        ParsedDescription p = DescriptionParser.parse("<m><v>4</v><p>" + b64("x.txt") + "</p><lm>20121345T990000Z</lm></m>");
        assertEquals("x.txt", p.path());
        assertNull(p.lastModified());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<m><v>4</v><p>%%not base64%%</p></m>", "<m><v>4</v><lm>20120821T170824Z</lm></m>",
            "<m><v>4</v><p>QUJDRA=Q</p></m>", "<ArchiveMetadata><Name>x</Name></ArchiveMetadata>"})
    void brokenFastGlacierIsUnparsableWithAReason(String description) {
        ParsedDescription p = DescriptionParser.parse(description);
        assertEquals(Format.UNPARSABLE, p.format());
        assertNull(p.path());
        assertTrue(p.problem().startsWith("FastGlacier"), p.problem());
    }

    @Test
    void cloudBerryJsonWithUtcDateModified() {
        ParsedDescription p = DescriptionParser.parse(
                "{\"Path\":\"C:\\\\Users\\\\anna\\\\Documents\\\\report.docx\",\"UTCDateModified\":\"20100310T110623Z\",\"Flags\":0}");
        assertEquals(new ParsedDescription(Format.CLOUDBERRY, "C:\\Users\\anna\\Documents\\report.docx",
                Instant.parse("2010-03-10T11:06:23Z"), null), p);
    }

    @Test
    void cloudBerryDoubleEncodedAndLowerCaseKeys() {
        String inner = "{\"path\":\"bucket/folder/file.bin\",\"utcdatemodified\":\"20150607T080910Z\"}";
        String doubled = "\"" + inner.replace("\"", "\\\"") + "\"";
        ParsedDescription p = DescriptionParser.parse(doubled);
        assertEquals(new ParsedDescription(Format.CLOUDBERRY, "bucket/folder/file.bin",
                Instant.parse("2015-06-07T08:09:10Z"), null), p);
    }

    @Test
    void cloudBerryUtf7PathsAreDecodedOnlyWhereWellFormed() {
        assertEquals("c:\\data\\café_1.txt", DescriptionParser.parse("{\"Path\":\"c:\\\\data\\\\caf+AOk-+AF8-1.txt\"}").path());
        assertEquals("a+b.txt", DescriptionParser.parse("{\"Path\":\"a+-b.txt\"}").path());
        assertEquals("日本.txt", DescriptionParser.parse("{\"Path\":\"+ZeVnLA-.txt\"}").path());
        assertEquals("Summer+Winter.jpg", DescriptionParser.parse("{\"Path\":\"Summer+Winter.jpg\"}").path());
        assertEquals("C++/x.cpp", DescriptionParser.parse("{\"Path\":\"C++/x.cpp\"}").path());
        // The AWS solution's sample: +AF8- is '_'; +F8- and +A8- are too short to be UTF-7 and stay.
        assertEquals("CB+F8-M5/B:/c01/q004/s0010/c01_s00+A8-s0010+F8/h01.1094.dpx", DescriptionParser.parse(
                "{\"Path\":\"CB+F8-M5/B:/c01/q004/s0010/c01+AF8-s00+A8-s0010+F8/h01.1094.dpx\",\"UTCDateModified\":\"20100310T110623Z\"}").path());
    }

    @Test
    void jsonWithoutAStringPathIsUnparsable() {
        assertEquals(Format.UNPARSABLE, DescriptionParser.parse("{\"Name\":\"x.txt\"}").format());
        assertEquals(Format.UNPARSABLE, DescriptionParser.parse("{\"Path\":42}").format());
    }

    @Test
    void mtAwsGlacierMt2WithMtime() {
        String json = "{\"mtime\":\"20130115T103027Z\",\"filename\":\"dir/Привет мир.txt\"}";
        ParsedDescription p = DescriptionParser.parse("mt2 " + b64url(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(new ParsedDescription(Format.MT_AWS_GLACIER, "dir/Привет мир.txt",
                Instant.parse("2013-01-15T10:30:27Z"), null), p);
    }

    @Test
    void mtAwsGlacierMt1IsDoubleEncoded() {
        String json = "{\"filename\":\"über/naïve 日本.txt\",\"mtime\":\"19691231T235959Z\"}";
        String latin1ThenUtf8 = new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        ParsedDescription p = DescriptionParser.parse("mt1 " + b64url(latin1ThenUtf8.getBytes(StandardCharsets.UTF_8)));
        assertEquals(new ParsedDescription(Format.MT_AWS_GLACIER, "über/naïve 日本.txt",
                Instant.parse("1969-12-31T23:59:59Z"), null), p);
    }

    @Test
    void mtAwsGlacierBrokenDataIsUnparsableButPlainTextStaysPlain() {
        assertEquals(Format.UNPARSABLE, DescriptionParser.parse("mt2 abcd").format());
        assertEquals(Format.UNPARSABLE, DescriptionParser.parse("mt2 " + b64url("[1,2]".getBytes(StandardCharsets.UTF_8))).format());
        assertEquals(new ParsedDescription(Format.PLAIN, "mt2 report.pdf", null, null), DescriptionParser.parse("mt2 report.pdf"));
    }

    @Test
    void plainPathsAreKeptAsWritten() {
        assertEquals(new ParsedDescription(Format.PLAIN, "photos/2011/a.jpg", null, null), DescriptionParser.parse(" photos/2011/a.jpg "));
        assertEquals("C:\\Users\\x\\a.jpg", DescriptionParser.parse("C:\\Users\\x\\a.jpg").path());
        assertEquals("{draft} notes.txt", DescriptionParser.parse("{draft} notes.txt").path());
    }

    @Test
    void hugeDescriptionsDoNotBreakTheParsers() {
        // Glacier caps descriptions at 1,024 characters, but inventories from elsewhere may not.
        String big = "A".repeat(2_000_000);
        assertEquals(Format.FASTGLACIER_V4, DescriptionParser.parse("<m><v>4</v><p>" + big + "</p></m>").format());
        assertEquals(Format.UNPARSABLE, DescriptionParser.parse("<m><v>4</v><p>" + big + "</m>").format());
        assertEquals(Format.UNPARSABLE, DescriptionParser.parse("mt2 " + big).format());
        assertEquals(Format.PLAIN, DescriptionParser.parse("{" + big).format());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void emptyDescriptions(String description) {
        assertEquals(ParsedDescription.empty(), DescriptionParser.parse(description));
    }
}
