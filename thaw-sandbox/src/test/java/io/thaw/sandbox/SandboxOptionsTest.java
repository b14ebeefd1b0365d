package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void parsesJobDelaysWithUnits() {
        var d = SandboxOptions.parseJobDelays("Expedited=250ms,Standard=3s,Bulk=2m");
        assertEquals(Duration.ofMillis(250), d.get("Expedited"));
        assertEquals(Duration.ofSeconds(3), d.get("Standard"));
        assertEquals(Duration.ofMinutes(2), d.get("Bulk"));
        assertEquals(Duration.ofHours(4), SandboxOptions.parseJobDelays("standard=4h").get("Standard"));
        assertEquals(Duration.ofSeconds(5), SandboxOptions.parseJobDelays("standard=4h").get("Bulk"), "unnamed tiers keep defaults");
    }

    @Test
    void realKeywordGivesAwsLikeDelays() {
        var d = SandboxOptions.parseJobDelays("real");
        assertEquals(Duration.ofMinutes(3), d.get("Expedited"));
        assertEquals(Duration.ofHours(4), d.get("Standard"));
        assertEquals(Duration.ofHours(8), d.get("Bulk"));
    }

    @Test
    void defaultsAndErrors() {
        SandboxOptions o = SandboxOptions.defaults();
        assertEquals("us-east-1", o.region());
        assertEquals("123456789012", o.accountId());
        assertEquals(Duration.ofHours(24), o.outputExpiry());
        assertEquals(Duration.ofSeconds(3), o.delayFor("Standard"));
        var e = assertThrows(IllegalArgumentException.class, () -> SandboxOptions.parseJobDelays("Fast=1s"));
        assertTrue(e.getMessage().contains("Fast=1s"));
        assertThrows(IllegalArgumentException.class, () -> SandboxOptions.parseJobDelays("Standard=3 days"));
        assertThrows(IllegalArgumentException.class, () -> o.withAccountId("12"));
    }
}
