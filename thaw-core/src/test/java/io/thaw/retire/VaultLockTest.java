package io.thaw.retire;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which Vault Lock policies stop a retire, and that the refusal names the statement. */
class VaultLockTest {

    private static String policy(String effect, String action, String extra) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"s1\",\"Principal\":\"*\",\"Effect\":\"" + effect
                + "\",\"Action\":" + action + ",\"Resource\":\"*\"" + extra + "}]}";
    }

    @Test
    void denyCoveringDeleteArchiveRefusesWithTheStatement() {
        String why = VaultLock.refusal("v", "Locked", policy("Deny", "\"glacier:DeleteArchive\"",
                ",\"Condition\":{\"NumericLessThanEquals\":{\"glacier:ArchiveAgeInDays\":\"365\"}}"));
        assertNotNull(why);
        assertTrue(why.contains("'s1'") && why.contains("ArchiveAgeInDays") && why.contains("Locked"), why);
        assertNotNull(VaultLock.refusal("v", "InProgress", policy("Deny", "[\"glacier:Upload*\",\"glacier:*\"]", "")));
        assertNotNull(VaultLock.refusal("v", "Locked", policy("Deny", "\"*\"", "")));
        assertNotNull(VaultLock.refusal("v", "Locked", policy("Deny", "\"glacier:Delete*\"", "")));
        assertNotNull(VaultLock.refusal("v", "Locked", "not json"), "unreadable: refuse rather than guess");
    }

    @Test
    void policiesThatDoNotDenyDeletesLetItRun() {
        assertNull(VaultLock.refusal("v", "Locked", policy("Allow", "\"glacier:DeleteArchive\"", "")));
        assertNull(VaultLock.refusal("v", "Locked", policy("Deny", "\"glacier:UploadArchive\"", "")));
        assertNull(VaultLock.refusal("v", "Locked", policy("Deny", "\"glacier:DeleteVault\"", "")));
    }
}
