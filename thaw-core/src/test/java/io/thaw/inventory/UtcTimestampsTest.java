package io.thaw.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must agree with java.time on everything it accepts and reject what java.time rejects. */
class UtcTimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2012-05-15T17:19:46.700Z", "2015-04-06T22:24:34Z", "2012-05-15T17:19:46.7Z",
        "2012-05-15T17:19:46.123456789Z", "2000-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "2012-05-15T17:19:46+02:00",
        "2012-05-15T17:19:46.5-05:30", "2012-05-15T17:19:46.Z"})
    void agreesWithJavaTime(String s) {
        assertEquals(OffsetDateTime.parse(s).toInstant(), UtcTimestamps.parse(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2012-02-30T00:00:00Z", "2012-13-01T00:00:00Z", "2012-05-15T24:00:00Z",
        "2012-05-15T17:19:46.1234567890Z", "2012-05-15 17:19:46Z", "2012-5-15T17:19:46Z", "2012-05-15T17:19:4xZ",
        "2012-05-15T17:19:46", "yesterday"})
    void rejects(String s) {
        assertThrows(DateTimeParseException.class, () -> UtcTimestamps.parse(s));
    }

    @org.junit.jupiter.api.Test
    void fractionDigitsScale() {
        assertEquals(Instant.parse("2012-05-15T17:19:46.700Z"), UtcTimestamps.parse("2012-05-15T17:19:46.7Z"));
    }
}
