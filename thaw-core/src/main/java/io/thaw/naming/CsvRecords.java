package io.thaw.naming;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams RFC 4180 records: fields separated by ',', optionally quoted with '"', a quote inside a
 * quoted field doubled, line breaks (CRLF, LF or CR) allowed inside quotes. Holds one record at a time.
 */
final class CsvRecords {

    /** One record and the line it starts on (1-based), for error messages. */
    record Row(int line, List<String> fields) {
    }

    /** A record that breaks the CSV rules. */
    static final class Malformed extends Exception {
        final int line;

        Malformed(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final Reader in;
    private int line = 1;
    private int pushedBack = -2;

    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The line being read (1-based). */
    int line() {
        return line;
    }

    /** The next record, or null at the end. */
    Row next() throws IOException, Malformed {
        int c = read();
        if (c == -1) {
            return null;
        }
        int start = line;
        List<String> fields = new ArrayList<>(2);
        StringBuilder field = new StringBuilder();
        while (true) {
            if (c == '"' && field.isEmpty()) {
                c = readQuoted(field, start);
            }
            if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        unread(after);
                    }
                }
                if (c != -1) {
                    line++;
                }
                fields.add(field.toString());
                return new Row(start, fields);
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '"') {
                throw new Malformed(line, "a quote '\"' inside an unquoted field — quote the whole field and double the quote");
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
    private int readQuoted(StringBuilder field, int start) throws IOException, Malformed {
        while (true) {
            int c = read();
            if (c == -1) {
                throw new Malformed(start, "a quoted field is never closed — add the closing '\"'");
            }
            if (c == '"') {
                int after = read();
                if (after != '"') {
                    if (after != ',' && after != '\n' && after != '\r' && after != -1) {
                        throw new Malformed(line, "text after a closing quote — quote the whole field");
                    }
                    return after;
                }
            } else if (c == '\n' || c == '\r' && peekIsNotNewline()) {
                line++;
            }
            field.append((char) c);
        }
    }

    private boolean peekIsNotNewline() throws IOException {
        int after = read();
        unread(after);
        return after != '\n';
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
