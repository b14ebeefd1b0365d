package io.thaw.cli;

import io.thaw.glacier.TreeHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the SHA-256 tree hash of files, in sha256sum's layout so the output can be diffed. */
@Command(name = "treehash", mixinStandardHelpOptions = true,
        description = "Prints the Glacier SHA-256 tree hash of each FILE (1 MiB leaves).")
public final class TreehashCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "files to hash")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        int rc = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                System.err.println("thaw treehash: " + f + ": not a regular file");
                rc = 1;
                continue;
            }
            System.out.println(TreeHash.of(f) + "  " + f);
        }
        return rc;
    }
}
