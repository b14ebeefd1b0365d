package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.glacier.TreeHash;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glacier.GlacierClient;

/** ArchiveUploader against the sandbox: single UploadArchive up to 64 MiB, multipart above. */
class ArchiveUploaderTest {

    static Sandbox sandbox;
    static GlacierClient glacier;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults());
        glacier = Clients.glacier(sandbox);
        glacier.createVault(b -> b.vaultName("uploads"));
    }

    @AfterAll
    static void stop() {
        glacier.close();
        sandbox.close();
    }

    @Test
    void smallFileGoesInOneRequest() throws Exception {
        Path f = tmp.resolve("small.bin");
        byte[] data = Clients.data(5 * 1024 * 1024 + 3, 1);
        Files.write(f, data);
        var up = new ArchiveUploader(glacier).upload("uploads", f, "small");
        assertEquals(TreeHash.of(data), up.treeHash());
        assertEquals(data.length, up.size());
        assertEquals(1, sandbox.log().requests("UploadArchive"));
        assertArrayEquals(data, Files.readAllBytes(sandbox.dataDir().resolve("archives").resolve(up.archiveId())));
    }

    @Test
    void largeFileGoesMultipart() throws Exception {
        Path f = tmp.resolve("large.bin");
        BigArchiveSandboxIT.writePseudoRandom(f, 70L * 1024 * 1024 + 12345);
        var up = new ArchiveUploader(glacier).upload("uploads", f, "large");
        assertEquals(TreeHash.of(f), up.treeHash());
        assertEquals(Files.size(f), up.size());
        assertEquals(5, sandbox.log().requests("UploadMultipartPart"), "16 MiB parts");
        assertEquals(1, sandbox.log().requests("CompleteMultipartUpload"));
        assertEquals(up.treeHash(), TreeHash.of(sandbox.dataDir().resolve("archives").resolve(up.archiveId())));
    }

    @Test
    void partSizeIsAPowerOfTwoMibWithinTenThousandParts() {
        assertEquals(16L << 20, ArchiveUploader.partSizeFor(1L << 30));
        long huge = 400L << 30;
        long part = ArchiveUploader.partSizeFor(huge);
        assertEquals(1, Long.bitCount(part));
        assertTrue(part * 10_000 >= huge);
    }
}
