package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetVaultLockResponse;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.InvalidParameterValueException;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;
import software.amazon.awssdk.services.glacier.model.StatusCode;

/** What retiring needs from the sandbox: Vault Lock, DeleteArchive under a lock, DeleteVault and inventory refresh. */
class SandboxRetireTest {

    static final String DENY_YOUNG = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"deny-young\","
            + "\"Principal\":\"*\",\"Effect\":\"Deny\",\"Action\":\"glacier:DeleteArchive\",\"Resource\":\"*\","
            + "\"Condition\":{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}}]}";
    static final String DENY_OLD = DENY_YOUNG.replace("NumericLessThan", "NumericGreaterThan");

    Sandbox sandbox;
    GlacierClient glacier;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withJobDelays("Standard=1ms"));
        glacier = Clients.glacier(sandbox);
    }

    @AfterEach
    void stop() {
        glacier.close();
        sandbox.close();
    }

    private String upload(String vault, long seed) {
        glacier.createVault(b -> b.vaultName(vault));
        byte[] data = Clients.data(1000, seed);
        return glacier.uploadArchive(b -> b.vaultName(vault).checksum(TreeHash.of(data)), RequestBody.fromBytes(data))
                .archiveId();
    }

    @Test
    void vaultLockLifecycleAndDenyPolicy() {
        String id = upload("locked", 1);
        assertThrows(ResourceNotFoundException.class, () -> glacier.getVaultLock(b -> b.vaultName("locked")));
        String lockId = glacier.initiateVaultLock(b -> b.vaultName("locked").policy(p -> p.policy(DENY_YOUNG))).lockId();
        GetVaultLockResponse l = glacier.getVaultLock(b -> b.vaultName("locked"));
        assertEquals("InProgress", l.state());
        assertEquals(DENY_YOUNG, l.policy());
        // enforced while in progress too, as on AWS
        GlacierException denied = assertThrows(GlacierException.class,
                () -> glacier.deleteArchive(b -> b.vaultName("locked").archiveId(id)));
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        assertEquals(403, denied.statusCode());
        assertTrue(denied.awsErrorDetails().errorMessage().contains("glacier:DeleteArchive"));

        glacier.completeVaultLock(b -> b.vaultName("locked").lockId(lockId));
        assertEquals("Locked", glacier.getVaultLock(b -> b.vaultName("locked")).state());
        assertNull(glacier.getVaultLock(b -> b.vaultName("locked")).expirationDate());
        assertThrows(InvalidParameterValueException.class, () -> glacier.abortVaultLock(b -> b.vaultName("locked")));
        assertThrows(GlacierException.class, () -> glacier.deleteArchive(b -> b.vaultName("locked").archiveId(id)));
    }

    @Test
    void ageConditionDecidesAndAbortRemovesAnInProgressLock() {
        String id = upload("aged", 2);
        glacier.initiateVaultLock(b -> b.vaultName("aged").policy(p -> p.policy(DENY_OLD)));
        glacier.deleteArchive(b -> b.vaultName("aged").archiveId(id)); // young archive: the deny does not apply
        assertThrows(InvalidParameterValueException.class, // one is in progress already
                () -> glacier.initiateVaultLock(b -> b.vaultName("aged").policy(p -> p.policy(DENY_YOUNG))));
        glacier.abortVaultLock(b -> b.vaultName("aged"));
        assertThrows(ResourceNotFoundException.class, () -> glacier.getVaultLock(b -> b.vaultName("aged")));
        glacier.initiateVaultLock(b -> b.vaultName("aged").policy(p -> p.policy(DENY_YOUNG)));
        String other = upload("aged", 3);
        assertThrows(GlacierException.class, () -> glacier.deleteArchive(b -> b.vaultName("aged").archiveId(other)));
    }

    @Test
    void deleteVaultWaitsForAnInventoryThatListsNothing() throws Exception {
        sandbox.setInventoryRefresh(Duration.ofMillis(1500));
        String id = upload("leaving", 4);
        GlacierException full = assertThrows(InvalidParameterValueException.class,
                () -> glacier.deleteVault(b -> b.vaultName("leaving")));
        assertEquals("Vault not empty or recently written to: arn:aws:glacier:us-east-1:123456789012:vaults/leaving",
                full.awsErrorDetails().errorMessage());
        glacier.deleteArchive(b -> b.vaultName("leaving").archiveId(id));
        assertTrue(inventory("leaving").contains(id), "deleted moments ago: the inventory has not caught up");
        assertThrows(InvalidParameterValueException.class, () -> glacier.deleteVault(b -> b.vaultName("leaving")));
        Thread.sleep(1600);
        assertTrue(!inventory("leaving").contains(id), "after the refresh delay the inventory lists nothing");
        glacier.deleteVault(b -> b.vaultName("leaving"));
        assertThrows(ResourceNotFoundException.class, () -> glacier.describeVault(b -> b.vaultName("leaving")));
    }

    private String inventory(String vault) throws Exception {
        String job = glacier.initiateJob(b -> b.vaultName(vault).jobParameters(p -> p.type("inventory-retrieval")))
                .jobId();
        for (int i = 0; i < 500 && glacier.describeJob(b -> b.vaultName(vault).jobId(job)).statusCode()
                == StatusCode.IN_PROGRESS; i++) {
            Thread.sleep(10);
        }
        try (var in = glacier.getJobOutput(b -> b.vaultName(vault).jobId(job))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
