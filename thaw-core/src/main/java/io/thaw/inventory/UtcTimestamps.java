package io.thaw.inventory;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses inventory CreationDates. Glacier writes {@code 2012-05-15T17:19:46.700Z} or
 * {@code 2015-04-06T22:24:34Z}; those take a fast path (DateTimeFormatter dominated the cost of a
 * row), anything else goes through the full ISO-8601 offset parser.
 */
final class UtcTimestamps {

    private UtcTimestamps() {
    }

    static Instant parse(String s) {
        int n = s.length();
        if (n >= 20 && s.charAt(n - 1) == 'Z' && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                && s.charAt(13) == ':' && s.charAt(16) == ':') {
            int nanos = 0;
            boolean ok = n == 20;
            if (!ok && s.charAt(19) == '.' && n >= 22 && n <= 30) {
                ok = true;
                int digits = n - 21;
                for (int i = 20; i < n - 1; i++) {
                    int d = digit(s, i);
                    ok &= d >= 0;
                    nanos = nanos * 10 + Math.max(d, 0);
                }
                for (int i = digits; i < 9; i++) {
                    nanos *= 10;
                }
            }
            int year = number(s, 0, 4);
            int month = number(s, 5, 7);
            int day = number(s, 8, 10);
            int hour = number(s, 11, 13);
            int minute = number(s, 14, 16);
            int second = number(s, 17, 19);
            if (ok && year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
                try {
                    return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    throw new DateTimeParseException("invalid date-time", s, 0, e);
                }
            }
        }
        return OffsetDateTime.parse(s).toInstant();
    }

    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = digit(s, i);
            if (d < 0) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int digit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }
}
