package io.thaw.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Glacier's CSV inventory, which is NOT RFC 4180. Rules (Glacier developer guide):
 * <ul>
 * <li>header row {@code ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash};</li>
 * <li>any field may be wholly quoted; fields containing {@code ,} or {@code "} always are;</li>
 * <li>inside quotes an embedded {@code "} is written {@code \"}; a backslash is NOT escaped, so
 *     {@code \\"} is a literal backslash followed by an escaped quote;</li>
 * <li>quoted fields may span lines; rows end with {@code \n} or {@code \r\n}.</li>
 * </ul>
 * Because backslashes are not escaped, a quoted description that ENDS with a backslash is written
 * {@code "…\"} and looks exactly like an escaped quote. Only the description can contain quotes or
 * backslashes (the other four fields are ids, dates, numbers and hex), so at {@code \"} inside the
 * description the rest of the line decides: if it is exactly {@code ,<date>,<size>,<hash>} and the
 * line end, the quote closes the description; otherwise it is an escaped quote. (A description would
 * have to contain a complete fake row tail followed by a line break to fool this.)
 */
final class CsvInventoryReader extends InventoryReader {

    static final List<String> HEADER = List.of("ArchiveId", "ArchiveDescription", "CreationDate", "Size", "SHA256TreeHash");
    private static final int DESCRIPTION = 1;
    private static final Pattern ROW_TAIL = Pattern.compile(",\"?[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)\"?"
            + ",\"?[0-9]{1,19}\"?,\"?[0-9a-fA-F]{64}\"?\r?");
    private static final int TAIL_MAX = 200;

    private final LookaheadReader in;
    private MalformedInventoryException fatal;

    CsvInventoryReader(InputStream bytes) throws IOException {
        in = new LookaheadReader(bytes);
        List<String> header;
        try {
            header = row();
        } catch (MalformedInventoryException e) {
            header = List.of("(unreadable: " + e.getMessage() + ")");
        }
        if (header == null || !header.equals(HEADER)) {
            fatal = new MalformedInventoryException("CSV inventory, line 1: expected the header "
                    + String.join(",", HEADER) + ", found " + (header == null ? "nothing"
                    : ItemFields.cut(String.join(",", header))) + " — is this a Glacier inventory?", 1, false);
            throw fatal;
        }
    }

    @Override
    public String format() {
        return "CSV";
    }

    @Override
    public InventoryItem next() throws IOException {
        if (fatal != null) {
            throw fatal;
        }
        while (true) {
            long line = in.line();
            List<String> f = row();
            if (f == null) {
                return null;
            }
            if (f.size() == 1 && f.get(0).isEmpty()) {
                continue; // blank line
            }
            if (f.size() != HEADER.size()) {
                throw new MalformedInventoryException("CSV inventory, line " + line + ": expected 5 fields ("
                        + String.join(", ", HEADER) + "), found " + f.size()
                        + (f.size() > HEADER.size() ? " — an unquoted comma?" : ""), line, true);
            }
            try {
                return ItemFields.item(f.get(0), f.get(1), f.get(2), ItemFields.size(f.get(3)), f.get(4));
            } catch (IllegalArgumentException e) {
                throw new MalformedInventoryException("CSV inventory, line " + line + ": " + e.getMessage(), line, true);
            }
        }
    }

    /** One row's fields, or null at end of input. Skippable problems consume the rest of the row first. */
    private List<String> row() throws IOException {
        try {
            if (in.peek(0) < 0) {
                return null;
            }
            long line = in.line();
            List<String> fields = new ArrayList<>(HEADER.size());
            StringBuilder field = new StringBuilder();
            while (true) {
                field.setLength(0);
                int c = in.peek(0);
                if (c == '"') {
                    in.read();
                    quoted(field, fields.size(), line);
                    c = in.peek(0);
                    if (c != ',' && !atLineEnd()) {
                        skipRestOfLine();
                        throw new MalformedInventoryException("CSV inventory, line " + line + ": field "
                                + (fields.size() + 1) + " has '" + (char) c + "' after its closing quote", line, true);
                    }
                } else {
                    unquoted(field);
                }
                fields.add(field.toString());
                if (in.peek(0) == ',') {
                    in.read();
                    continue;
                }
                endLine();
                return fields;
            }
        } catch (CharacterCodingException e) {
            fatal = new MalformedInventoryException("CSV inventory, line " + in.line() + ": not valid UTF-8 — the file is"
                    + " damaged or not a Glacier inventory", in.line(), false, e);
            throw fatal;
        }
    }

    private void quoted(StringBuilder field, int index, long line) throws IOException {
        while (true) {
            int c = in.appendUntil(field, '"', '\\', '"');
            if (c < 0) {
                fatal = new MalformedInventoryException("CSV inventory, line " + line + ": the quoted field "
                        + (index + 1) + " is not closed before the end of the file — the download was probably cut"
                        + " short", line, false);
                throw fatal;
            }
            in.read();
            if (c == '"') {
                return;
            }
            // c is a backslash: only "\"" means anything (backslashes themselves are not escaped)
            if (in.peek(0) != '"') {
                field.append('\\');
            } else if (index == DESCRIPTION && restOfLineIsRowTail(1)) {
                field.append('\\'); // description ends with a backslash; this quote closes it
                in.read();
                return;
            } else {
                in.read();
                field.append('"');
            }
        }
    }

    private void unquoted(StringBuilder field) throws IOException {
        while (true) {
            int c = in.appendUntil(field, ',', '\n', '\r');
            if (c != '\r' || in.peek(1) == '\n') {
                return; // ',', end of line or end of input: left for the caller
            }
            field.append((char) in.read()); // a lone CR is data
        }
    }

    /** At "\n", "\r\n" or end of input. */
    private boolean atLineEnd() throws IOException {
        int c = in.peek(0);
        return c < 0 || c == '\n' || (c == '\r' && in.peek(1) == '\n');
    }

    private void endLine() throws IOException {
        if (in.peek(0) == '\r') {
            in.read();
        }
        in.read(); // '\n' or end of input
    }

    private void skipRestOfLine() throws IOException {
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            // discard
        }
    }

    /** Whether the characters from {@code from} to the line end are exactly ",<date>,<size>,<hash>". */
    private boolean restOfLineIsRowTail(int from) throws IOException {
        StringBuilder tail = new StringBuilder();
        for (int i = from; i < from + TAIL_MAX; i++) {
            int c = in.peek(i);
            if (c < 0 || c == '\n') {
                return ROW_TAIL.matcher(tail).matches();
            }
            tail.append((char) c);
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
