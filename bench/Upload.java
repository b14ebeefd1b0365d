// Uploads a file to a vault of a thaw sandbox (or any Glacier endpoint) with thaw's own ArchiveUploader
// and prints "<archiveId> <treeHash>". Run as a single-file program against the packaged jar:
//   java -cp target/thaw.jar bench/Upload.java http://127.0.0.1:PORT VAULT FILE DESCRIPTION
import io.thaw.sandbox.ArchiveUploader;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

public class Upload {
    public static void main(String[] a) throws Exception {
        try (GlacierClient g = GlacierClient.builder().endpointOverride(URI.create(a[0])).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.create()).build()) {
            g.createVault(b -> b.vaultName(a[1]));
            ArchiveUploader.Uploaded up = new ArchiveUploader(g).upload(a[1], Path.of(a[2]), a[3]);
            System.out.println(up.archiveId() + " " + up.treeHash());
        }
    }
}
