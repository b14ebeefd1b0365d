package io.thaw.naming;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names chosen by the user for particular archives: a CSV {@code ArchiveId,FileName} (the AWS
 * solution's {@code GlacierArchiveID,FileName} header is accepted too; the header is optional).
 * The file is streamed and checked row by row; memory grows with the number of override rows only.
 */
public final class NameOverrides {

    private static final NameOverrides NONE = new NameOverrides(Map.of());
    private static final Pattern HEADER_ID = Pattern.compile("(?i)\\s*(glacier)?[ _]?archive[ _]?id\\s*");

    private final Map<String, String> byArchiveId;

    private NameOverrides(Map<String, String> byArchiveId) {
        this.byArchiveId = byArchiveId;
    }

    public static NameOverrides none() {
        return NONE;
    }

    /**
     * @throws IllegalArgumentException for a bad row, naming the file and line and how to fix it
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static NameOverrides load(Path csv) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        Map<String, String> names = new HashMap<>();
        try (var reader = new BufferedReader(new InputStreamReader(Files.newInputStream(csv), decoder))) {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset(); // Excel writes a byte-order mark; it is not part of the first id
            }
            CsvRecords records = new CsvRecords(reader);
            boolean first = true;
            for (CsvRecords.Row row = records.next(); row != null; row = records.next(), first = false) {
                if (first && HEADER_ID.matcher(row.fields().get(0)).matches()) {
                    continue;
                }
                add(names, row, csv);
            }
        } catch (CsvRecords.Malformed e) {
            throw bad(csv, e.line, e.getMessage());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("naming overrides file '" + csv + "' line " + firstBadUtf8Line(csv)
                    + ": not valid UTF-8 — save the file as UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read naming overrides file '" + csv + "': " + e
                    + " — check the path in the configuration", e);
        }
        return new NameOverrides(Map.copyOf(names));
    }

    private static void add(Map<String, String> names, CsvRecords.Row row, Path csv) {
        List<String> fields = row.fields();
        if (fields.size() == 1 && fields.get(0).isBlank()) {
            return; // blank line
        }
        if (fields.size() != 2) {
            throw bad(csv, row.line(), "expected 2 fields 'ArchiveId,FileName' but found " + fields.size()
                    + " — put file names that contain commas in double quotes");
        }
        String archiveId = fields.get(0).strip();
        String fileName = fields.get(1).strip();
        if (archiveId.isEmpty()) {
            throw bad(csv, row.line(), "the archive id is empty");
        }
        if (SafePath.sanitize(fileName, 1024) == null) {
            throw bad(csv, row.line(), "file name '" + fileName + "' for archive " + archiveId
                    + " has no usable characters — give a relative path such as 'photos/a.jpg'");
        }
        String earlier = names.putIfAbsent(archiveId, fileName);
        if (earlier != null && !earlier.equals(fileName)) {
            throw bad(csv, row.line(), "archive " + archiveId + " is already named '" + earlier
                    + "' on an earlier line — keep one row per archive");
        }
    }

    /**
     * The line of the first byte that is not UTF-8. The reader decodes ahead in blocks, so the line it
     * was on when it failed is not where the bad byte is; a second, streaming pass finds it.
     */
    private static int firstBadUtf8Line(Path csv) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        try (var in = Files.newInputStream(csv)) {
            ByteBuffer bytes = ByteBuffer.allocate(8192);
            CharBuffer chars = CharBuffer.allocate(8192);
            boolean end = false;
            while (!end) {
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                end = n < 0;
                bytes.position(bytes.position() + Math.max(n, 0)).flip();
                CoderResult result;
                do {
                    result = decoder.decode(bytes, chars, end);
                    chars.flip();
                    while (chars.hasRemaining()) {
                        line += chars.get() == '\n' ? 1 : 0;
                    }
                    chars.clear();
                    if (result.isError()) {
                        return line;
                    }
                } while (result.isOverflow());
                bytes.compact();
            }
        } catch (IOException e) {
            // fall through: the caller's message still says the file is not UTF-8
        }
        return line;
    }

    private static IllegalArgumentException bad(Path csv, int line, String problem) {
        return new IllegalArgumentException("naming overrides file '" + csv + "' line " + line + ": " + problem);
    }

    /** The override for this archive, or null. */
    public String fileName(String archiveId) {
        return byArchiveId.get(archiveId);
    }

    public int size() {
        return byArchiveId.size();
    }
}
