package io.thaw.request;

import static io.thaw.request.RequestParserTest.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a request file is refused, each with its own complete message (field, problem, fix). */
class RequestRejectionTest {

    private static final String ARCHIVE_JOB = "\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"abc\"}";

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- the file itself
                reject("zero-byte file", "r.json", "",
                        "request file is empty (0 bytes): write the request JSON into it, e.g. {\"vault\": \"photos\", \"job\": {\"Type\": \"inventory-retrieval\"}} — tools that write slowly should write a .tmp name and rename it when done"),
                reject("white space only", "r.json", "  \n ",
                        "request file contains only white space: write the request JSON into it, e.g. {\"vault\": \"photos\", \"job\": {\"Type\": \"inventory-retrieval\"}}"),
                reject("invalid JSON", "r.json", "{\"vault\": \"photos\",\n \"job\": {\"Type\": \"inventory-retrieval\"}",
                        "invalid JSON (line 2, column 40): Unexpected end-of-input: expected close marker for Object — check quotes, commas and braces, and save the file as UTF-8 (python3 -m json.tool FILE shows the first error)"),
                reject("single quotes", "r.json", "{'vault': 'photos'}",
                        "invalid JSON (line 1, column 2): Unexpected character (''' (code 39)): was expecting double-quote to start field name — check quotes, commas and braces, and save the file as UTF-8 (python3 -m json.tool FILE shows the first error)"),
                reject("trailing garbage", "r.json", "{\"vault\":\"v\"} {}",
                        "invalid JSON (line 1, column 15): more JSON follows the end of the request object — check quotes, commas and braces, and save the file as UTF-8 (python3 -m json.tool FILE shows the first error)"),
                reject("duplicate top-level key", "r.json", "{\"vault\":\"a\",\"vault\":\"b\"," + ARCHIVE_JOB + "}",
                        "duplicate key \"vault\" in the request (line 1, column 21): a key may appear only once — remove one of them"),
                reject("duplicate job key", "r.json", "{\"vault\":\"a\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"ArchiveId\":\"b\"}}",
                        "duplicate key \"ArchiveId\" in job (line 1, column 75): a key may appear only once — remove one of them"),
                reject("array instead of object", "r.json", "[{\"Type\":\"inventory-retrieval\"}]",
                        "the request must be a JSON object {…}, not an array — e.g. {\"vault\": \"photos\", \"job\": {\"Type\": \"inventory-retrieval\"}}"),
                reject("neither shape", "r.json", "{\"Vault\":\"photos\"}",
                        "not a thaw request: expected an envelope {\"vault\": …, \"job\": {…}} or a bare AWS CLI job-parameters object with \"Type\" (in inbox/<vault>/); this object has fields Vault"),
                reject("bare file at inbox root", "job.json", "{\"Type\":\"inventory-retrieval\"}",
                        "a bare AWS CLI job file must be in inbox/<vault name>/ (the folder names the vault): move it to inbox/<vault name>/job.json, or wrap it as {\"vault\": \"<vault name>\", \"job\": {…}}"),
                reject("nested too deep", "a/b/job.json", "{\"Type\":\"inventory-retrieval\"}",
                        "request file a/b/job.json is nested too deep: requests are read from inbox/ (envelopes) and inbox/<vault name>/ only — move it there"),
                reject("dot-dot path", "../r.json", "{\"Type\":\"inventory-retrieval\"}",
                        "request file path ../r.json is not a plain path under the inbox: requests are read from inbox/ (envelopes) and inbox/<vault name>/ only"),
                reject("vault named dot", "r.json", "{\"vault\":\".\"," + ARCHIVE_JOB + "}",
                        "vault \".\" is not a valid vault name: \".\" and \"..\" cannot name a vault — use the vault's real name"),
                reject("bad vault folder", "my photos/job.json", "{\"Type\":\"inventory-retrieval\"}",
                        "folder \"my photos\" is not a valid vault name: has ' ' (U+0020) at position 3 — a vault name uses only a-z A-Z 0-9 _ . - (1 to 255 characters); a folder under inbox/ names the vault — rename it to the vault's name"),
                // ---- envelope fields
                reject("unknown envelope field", "r.json", "{\"vault\":\"v\",\"destinaton\":\"nas\"," + ARCHIVE_JOB + "}",
                        "unknown field destinaton: did you mean \"destination\"? the allowed fields are vault, account, job, archives, destination, name, select"),
                reject("job keys at top level of envelope", "r.json", "{\"vault\":\"v\",\"Type\":\"inventory-retrieval\"}",
                        "unknown field Type: the allowed fields are vault, account, job, archives, destination, name, select — job parameters (Type, ArchiveId, …) go inside \"job\": {…}"),
                reject("missing vault", "r.json", "{" + ARCHIVE_JOB + "}",
                        "vault is missing: add \"vault\": \"<vault name>\", or put the file in inbox/<vault name>/"),
                reject("bad vault name", "r.json", "{\"vault\":\"my/vault\"," + ARCHIVE_JOB + "}",
                        "vault \"my/vault\" is not a valid vault name: has '/' (U+002F) at position 3 — a vault name uses only a-z A-Z 0-9 _ . - (1 to 255 characters)"),
                reject("vault name too long", "r.json", "{\"vault\":\"" + "v".repeat(256) + "\"," + ARCHIVE_JOB + "}",
                        "vault \"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv…\" is not a valid vault name: it has 256 characters, a vault name has 1 to 255 of a-z A-Z 0-9 _ . -"),
                reject("vault differs from folder", "photos/r.json", "{\"vault\":\"videos\"," + ARCHIVE_JOB + "}",
                        "vault \"videos\" differs from the folder it was dropped in (inbox/photos/): move the file to inbox/videos/ or inbox/, or fix \"vault\""),
                reject("vault not a string", "r.json", "{\"vault\":42," + ARCHIVE_JOB + "}",
                        "vault must be a string, not the number 42"),
                reject("bad account", "r.json", "{\"vault\":\"v\",\"account\":\"1111-2222-3333\"," + ARCHIVE_JOB + "}",
                        "account \"1111-2222-3333\" is not valid: write \"-\" (the account of the credentials) or the 12-digit AWS account id without hyphens, e.g. \"111122223333\""),
                reject("missing job", "r.json", "{\"vault\":\"v\",\"archives\":[\"abc\"]}",
                        "job is missing: add the AWS CLI job parameters, e.g. \"job\": {\"Type\": \"archive-retrieval\"} with \"archives\": [\"<archive id>\"], or \"job\": {\"Type\": \"inventory-retrieval\"}"),
                reject("job not an object", "r.json", "{\"vault\":\"v\",\"job\":\"archive-retrieval\"}",
                        "job must be a JSON object like {\"Type\": \"archive-retrieval\", \"ArchiveId\": \"…\"}, not a string"),
                reject("ArchiveId and archives", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"archives\":[\"def\"]}",
                        "job.ArchiveId and archives are both given: name the archives in one place only — move the ArchiveId into \"archives\" (one job is started per id)"),
                reject("empty archives", "r.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"archive-retrieval\"},\"archives\":[]}",
                        "archives is empty: list at least one archive id, or remove \"archives\" and give job.ArchiveId"),
                reject("archives not an array", "r.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"archive-retrieval\"},\"archives\":\"abc\"}",
                        "archives must be an array of archive ids, e.g. [\"id1\", \"id2\"], not a string"),
                reject("archive id with bad character", "r.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"archive-retrieval\"},\"archives\":[\"abc\",\"de f\"]}",
                        "archives[1] \"de f\" is not a Glacier archive id: has ' ' (U+0020) at position 3 — archive ids use only A-Z a-z 0-9 _ - ; copy the id again (e.g. from the vault inventory) without spaces or quotes"),
                reject("archive id repeated", "r.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"archive-retrieval\"},\"archives\":[\"abc\",\"def\",\"abc\"]}",
                        "archives[2] repeats archives[0]: list each archive once (every id starts a paid retrieval job)"),
                reject("archives with inventory job", "r.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"inventory-retrieval\"},\"archives\":[\"abc\"]}",
                        "archives is not allowed with job.Type \"inventory-retrieval\": an inventory lists the whole vault — remove \"archives\", or set job.Type to \"archive-retrieval\""),
                reject("name with two jobs", "r.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"archive-retrieval\"},\"archives\":[\"a\",\"b\"],\"name\":\"x.tar\"}",
                        "name is given but the request starts 2 jobs (one per archive): name applies to a single job — remove \"name\" or split the request into one file per archive"),
                reject("name with ..", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"name\":\"../../etc/passwd\"}",
                        "name \"../../etc/passwd\" contains \"..\": name is a path relative to the destination and may not climb out of it — e.g. \"2019/photos.tar\""),
                reject("absolute name", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"name\":\"/etc/passwd\"}",
                        "name \"/etc/passwd\" is an absolute path: name is relative to the destination — e.g. \"2019/photos.tar\"; choose the folder with \"destination\""),
                reject("name part too long", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"name\":\"2019/" + "x".repeat(256) + "\"}",
                        "name has a part longer than 255 bytes (\"" + "x".repeat(200) + "…\"): file systems refuse such names — shorten it"),
                reject("name with control character", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"name\":\"a\\u0007b.tar\"}",
                        "name \"a\\x07b.tar\" has (U+0007) at position 2, a control character: use a plain file name, e.g. \"photos-2019.tar\""),
                reject("name longer than the store holds", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"name\":\""
                        + "d/".repeat(1024) + "x\"}",
                        "name is 2049 characters long: at most 2048 are accepted — shorten it (each folder or file name at most 255 bytes)"),
                // ---- job parameters
                reject("unknown job field", "r.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"Teir\":\"Bulk\"}}",
                        "unknown field job.Teir: did you mean \"Tier\"? job allows Type, ArchiveId, Description, SNSTopic, RetrievalByteRange, Tier, Format, InventoryRetrievalParameters"),
                reject("unknown bare field", "v/r.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"tier\":\"Bulk\"}",
                        "unknown field tier: did you mean \"Tier\"? the allowed fields are Type, ArchiveId, Description, SNSTopic, RetrievalByteRange, Tier, Format, InventoryRetrievalParameters"),
                reject("missing Type", "r.json", "{\"vault\":\"v\",\"job\":{\"ArchiveId\":\"a\"}}",
                        "job.Type is missing: add \"Type\": \"archive-retrieval\" (one archive) or \"Type\": \"inventory-retrieval\" (the vault's list of archives)"),
                reject("null Type", "v/r.json", "{\"ArchiveId\":\"a\",\"Type\":null}",
                        "Type is missing: add \"Type\": \"archive-retrieval\" (one archive) or \"Type\": \"inventory-retrieval\" (the vault's list of archives)"),
                reject("unknown Type", "v/r.json", "{\"Type\":\"archive\"}",
                        "Type \"archive\" is not a job type: use \"archive-retrieval\" or \"inventory-retrieval\" (lower case, with the hyphen)"),
                reject("Type select", "v/r.json", "{\"Type\":\"select\",\"ArchiveId\":\"a\"}",
                        "Type \"select\" is not supported: thaw runs archive-retrieval and inventory-retrieval jobs only — use one of those"),
                reject("SelectParameters", "v/r.json", "{\"Type\":\"select\",\"ArchiveId\":\"a\",\"SelectParameters\":{}}",
                        "SelectParameters is not supported: thaw runs archive-retrieval and inventory-retrieval jobs only (no S3 Glacier Select) — remove it"),
                reject("missing ArchiveId (bare)", "v/r.json", "{\"Type\":\"archive-retrieval\"}",
                        "ArchiveId is missing: an archive-retrieval job needs the id of the archive — add \"ArchiveId\": \"<id from the vault inventory>\""),
                reject("missing ArchiveId (envelope)", "r.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"archive-retrieval\"}}",
                        "job.ArchiveId is missing: an archive-retrieval job needs the id of the archive — add \"ArchiveId\": \"<id from the vault inventory>\" or list ids in \"archives\""),
                reject("ArchiveId with inventory", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"ArchiveId\":\"a\"}",
                        "ArchiveId is not allowed with Type \"inventory-retrieval\": an inventory-retrieval job lists the whole vault — remove ArchiveId, or set Type to \"archive-retrieval\" to retrieve that archive"),
                reject("RetrievalByteRange with inventory", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"RetrievalByteRange\":\"0-1048575\"}",
                        "RetrievalByteRange is not allowed with Type \"inventory-retrieval\": byte ranges apply to archive-retrieval only — remove it (to page through a large inventory use InventoryRetrievalParameters.Limit and Marker)"),
                reject("ArchiveId with bad characters", "v/r.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"abc=def\"}",
                        "ArchiveId \"abc=def\" is not a Glacier archive id: has '=' (U+003D) at position 4 — archive ids use only A-Z a-z 0-9 _ - ; copy the id again (e.g. from the vault inventory) without spaces or quotes"),
                reject("Format on archive job", "v/r.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"Format\":\"CSV\"}",
                        "Format is not allowed with Type \"archive-retrieval\": Format applies to inventory-retrieval only — remove it"),
                reject("InventoryRetrievalParameters on archive job", "v/r.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"InventoryRetrievalParameters\":{}}",
                        "InventoryRetrievalParameters is not allowed with Type \"archive-retrieval\": InventoryRetrievalParameters apply to inventory-retrieval only — remove them"),
                reject("unknown Tier", "v/r.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"Tier\":\"bulk\"}",
                        "Tier \"bulk\" is not a Glacier tier: use Expedited (minutes), Standard (3–5 hours) or Bulk (5–12 hours) — did you mean \"Bulk\"?"),
                reject("Tier not a string", "v/r.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"Tier\":3}",
                        "Tier must be a string, not the number 3 — write it in double quotes, e.g. \"Tier\": \"…\""),
                reject("unknown Format", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"Format\":\"XML\"}",
                        "Format \"XML\" is not an inventory format: use \"JSON\" or \"CSV\" (upper case)"),
                reject("Description too long", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"Description\":\"" + "x".repeat(1025) + "\"}",
                        "Description is 1025 characters long: Glacier accepts at most 1024 — shorten it"),
                reject("Description not ASCII", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"Description\":\"café\"}",
                        "Description has 'é' (U+00E9) at position 4: Glacier accepts only printable ASCII (space to ~, 0x20–0x7E) in job descriptions — replace or remove it"),
                reject("Description with tab", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"Description\":\"a\\tb\"}",
                        "Description has (U+0009) at position 2: Glacier accepts only printable ASCII (space to ~, 0x20–0x7E) in job descriptions — replace or remove it"),
                reject("bad SNSTopic", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"SNSTopic\":\"glacier-jobs\"}",
                        "SNSTopic \"glacier-jobs\" is not an SNS topic ARN: write arn:aws:sns:<region>:<12-digit account>:<topic name>, e.g. \"arn:aws:sns:us-east-1:111122223333:glacier-jobs\" (the topic must be in the vault's region)"),
                reject("empty Description", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"Description\":\"\"}",
                        "Description is empty: give a value or leave the field out"),
                reject("byte range malformed", "v/r.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"RetrievalByteRange\":\"0 - 1048575\"}",
                        "RetrievalByteRange \"0 - 1048575\" is malformed: write \"<first byte>-<last byte>\" in decimal, both inclusive, without spaces or units — e.g. \"0-1048575\" for the first MiB"),
                reject("byte range with bytes= prefix", "v/r.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"RetrievalByteRange\":\"bytes=0-1048575\"}",
                        "RetrievalByteRange \"bytes=0-1048575\" is malformed: write \"<first byte>-<last byte>\" in decimal, both inclusive, without spaces or units — e.g. \"0-1048575\" for the first MiB"),
                reject("byte range overflow", "v/r.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"RetrievalByteRange\":\"0-99999999999999999999\"}",
                        "RetrievalByteRange \"0-99999999999999999999\" is malformed: write \"<first byte>-<last byte>\" in decimal, both inclusive, without spaces or units — e.g. \"0-1048575\" for the first MiB"),
                reject("byte range start not aligned", "r.json", "{\"vault\":\"v\",\"job\":{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"RetrievalByteRange\":\"1-2\"}}",
                        "job.RetrievalByteRange \"1-2\" is not megabyte aligned: the start must be a multiple of 1048576 (1 MiB) — e.g. \"0-1048575\""),
                reject("byte range start after end", "v/r.json", "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"a\",\"RetrievalByteRange\":\"2097152-1048575\"}",
                        "RetrievalByteRange \"2097152-1048575\" starts after it ends (2097152 > 1048575): write the first byte, then the last byte — swapped and aligned that is \"0-3145727\""),
                reject("inventory StartDate malformed", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"InventoryRetrievalParameters\":{\"StartDate\":\"2013-03-20\"}}",
                        "InventoryRetrievalParameters.StartDate \"2013-03-20\" is not an ISO-8601 UTC date-time: write it as YYYY-MM-DDThh:mm:ssZ, e.g. \"2013-03-20T17:03:43Z\""),
                reject("inventory EndDate not UTC", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"InventoryRetrievalParameters\":{\"EndDate\":\"2013-03-20T17:03:43+01:00\"}}",
                        "InventoryRetrievalParameters.EndDate \"2013-03-20T17:03:43+01:00\" is not an ISO-8601 UTC date-time: write it as YYYY-MM-DDThh:mm:ssZ, e.g. \"2013-03-20T17:03:43Z\""),
                reject("inventory StartDate not before EndDate", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"InventoryRetrievalParameters\":{\"StartDate\":\"2014-01-01T00:00:00Z\",\"EndDate\":\"2013-01-01T00:00:00Z\"}}",
                        "InventoryRetrievalParameters.StartDate 2014-01-01T00:00:00Z is not before EndDate 2013-01-01T00:00:00Z: StartDate is inclusive and EndDate exclusive — make StartDate earlier than EndDate"),
                reject("inventory Limit as number", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"InventoryRetrievalParameters\":{\"Limit\":100}}",
                        "InventoryRetrievalParameters.Limit must be a string, not the number 100: Glacier takes Limit as a string — write \"Limit\": \"100\""),
                reject("inventory Limit zero", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"InventoryRetrievalParameters\":{\"Limit\":\"0\"}}",
                        "InventoryRetrievalParameters.Limit \"0\" is not a positive whole number: write the maximum number of archives as a string, e.g. \"Limit\": \"10000\""),
                reject("inventory unknown parameter", "v/r.json", "{\"Type\":\"inventory-retrieval\",\"InventoryRetrievalParameters\":{\"limit\":\"5\"}}",
                        "unknown field InventoryRetrievalParameters.limit: did you mean \"Limit\"? InventoryRetrievalParameters allows StartDate, EndDate, Limit, Marker"),
                // ---- destinations
                reject("destination outside roots", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"file:/etc\"}",
                        "destination \"file:/etc\" (resolves to /etc) is outside the allowed roots: a request may only deliver under file:work/outbox, file:/data/out, s3://bucket/prefix, sftp://nas.example.com/backups/restored, s3://restore-bucket/glacier/ — choose a destination under one of them, or add its root to thaw.allowed-roots in config/application.properties"),
                reject("relative traversal", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"file:work/outbox/../../etc\"}",
                        "destination \"file:work/outbox/../../etc\" (resolves to /srv/thaw/etc) is outside the allowed roots: a request may only deliver under file:work/outbox, file:/data/out, s3://bucket/prefix, sftp://nas.example.com/backups/restored, s3://restore-bucket/glacier/ — choose a destination under one of them, or add its root to thaw.allowed-roots in config/application.properties"),
                reject("sibling with common prefix", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"file:/data/outside\"}",
                        "destination \"file:/data/outside\" (resolves to /data/outside) is outside the allowed roots: a request may only deliver under file:work/outbox, file:/data/out, s3://bucket/prefix, sftp://nas.example.com/backups/restored, s3://restore-bucket/glacier/ — choose a destination under one of them, or add its root to thaw.allowed-roots in config/application.properties"),
                reject("s3 prefix sibling", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"s3://bucket/prefixX\"}",
                        "destination \"s3://bucket/prefixX\" is outside the allowed roots: a request may only deliver under file:work/outbox, file:/data/out, s3://bucket/prefix, sftp://nas.example.com/backups/restored, s3://restore-bucket/glacier/ — choose a destination under one of them, or add its root to thaw.allowed-roots in config/application.properties"),
                reject("s3 other bucket", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"s3://other/prefix\"}",
                        "destination \"s3://other/prefix\" is outside the allowed roots: a request may only deliver under file:work/outbox, file:/data/out, s3://bucket/prefix, sftp://nas.example.com/backups/restored, s3://restore-bucket/glacier/ — choose a destination under one of them, or add its root to thaw.allowed-roots in config/application.properties"),
                reject("s3 dot-dot segment", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"s3://bucket/prefix/../x\"}",
                        "destination \"s3://bucket/prefix/../x\" is not usable: its path contains a \"..\" segment — write the folder without . or .. (e.g. s3://bucket/restored/)"),
                reject("sftp other port", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"sftp://nas.example.com:2222/backups/restored\"}",
                        "destination \"sftp://nas.example.com:2222/backups/restored\" is outside the allowed roots: a request may only deliver under file:work/outbox, file:/data/out, s3://bucket/prefix, sftp://nas.example.com/backups/restored, s3://restore-bucket/glacier/ — choose a destination under one of them, or add its root to thaw.allowed-roots in config/application.properties"),
                reject("file:// with a host", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"file://work/outbox\"}",
                        "destination \"file://work/outbox\" is not usable: \"//\" after file: starts a host name (\"work\"), and destinations are local folders — write file:/absolute/path or file:relative/path, e.g. file:work/outbox"),
                reject("unsupported scheme", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"http://example.com/x\"}",
                        "destination \"http://example.com/x\" is not usable: scheme \"http\" is not supported — use file:, s3://, ftp://, ftps:// or sftp://"),
                reject("unknown destination name", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"backup\"}",
                        "destination \"backup\" is neither a configured destination name (configured: nas, vault-s3) nor a URI — use a configured name or a URI such as file:/data/restored, s3://bucket/prefix/ or sftp://host/folder"),
                reject("user:pass in destination", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"sftp://bob:hunter2@nas.example.com/backups/restored\"}",
                        "destination \"sftp://bob:***@nas.example.com/backups/restored\" contains a user name and password (user:password@): credentials are never taken from request files; configure them in config/application.properties (thaw.destinations.<name>.*) or the environment"),
                reject("password= in destination", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"ftp://host/dir?password=hunter2&passiveMode=true\"}",
                        "destination \"ftp://host/dir?password=***&passiveMode=true\" contains the option password=: credentials are never taken from request files; configure them in config/application.properties (thaw.destinations.<name>.*) or the environment"),
                reject("accessKey= and secretKey= in destination", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"s3://bucket/prefix?accessKey=AKIAXXXX&secretKey=abc\"}",
                        "destination \"s3://bucket/prefix?accessKey=***&secretKey=***\" contains the option accessKey=: credentials are never taken from request files; configure them in config/application.properties (thaw.destinations.<name>.*) or the environment"),
                reject("other options in destination", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"file:/data/out?fileExist=Override\"}",
                        "destination \"file:/data/out?fileExist=Override\" carries options (?… or #…): destination options are not taken from request files — configure them in config/application.properties (thaw.destinations.<name>.*) and name that destination instead"),
                reject("percent-escapes in file destination", "r.json", "{\"vault\":\"v\"," + ARCHIVE_JOB + ",\"destination\":\"file:/data/out/%2e%2e/etc\"}",
                        "destination \"file:/data/out/%2e%2e/etc\" is not usable: percent-escapes are not accepted in file: destinations — write the path literally (spaces are fine)"));
    }

    private static Arguments reject(String label, String path, String json, String expected) {
        return Arguments.of(label, path, json, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithItsOwnMessage(String label, String path, String json, String expected) {
        RequestRejectedException e = assertThrows(RequestRejectedException.class, () -> RequestParser.parse(path,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), POLICY));
        if (!expected.equals(e.getMessage())) {
            System.out.println("MSG|" + label + "|" + e.getMessage());
        }
        assertEquals(expected, e.getMessage());
    }
}
