package io.thaw.deliver;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.UnaryOperator;

/** s3proxy on a random port, storing objects as files under a folder, with AWS V2/V4 auth test/test. */
final class S3TestServer implements AutoCloseable {

    static final String KEY = "test";
    static final String SECRET = "test";

    private final S3Proxy proxy;
    private final String key;
    private final String secret;

    S3TestServer(Path dataDir) throws Exception {
        this(dataDir, KEY, SECRET, store -> store);
    }

    /**
     * @param wrap wraps the file-backed store, e.g. to make it fail on demand
     */
    S3TestServer(Path dataDir, String key, String secret, UnaryOperator<BlobStore> wrap) throws Exception {
        this(dataDir, key, secret, wrap, "filesystem-nio2");
    }

    /**
     * An s3proxy keeping objects in memory (dataDir unused): S3 takes keys whose names use all 255 bytes,
     * but the file store cannot hold them (it writes "&lt;key&gt;-&lt;uuid&gt;" first, over the file system's limit).
     */
    static S3TestServer inMemory(String key, String secret) throws Exception {
        return new S3TestServer(null, key, secret, store -> store, "transient-nio2");
    }

    private S3TestServer(Path dataDir, String key, String secret, UnaryOperator<BlobStore> wrap, String provider)
            throws Exception {
        this.key = key;
        this.secret = secret;
        Properties p = new Properties();
        if (dataDir != null) {
            p.setProperty("jclouds.filesystem.basedir", dataDir.toString());
        }
        p.setProperty("jclouds.identity", key);
        p.setProperty("jclouds.credential", secret);
        proxy = S3Proxy.builder()
                .blobStore(wrap.apply(BlobStores.create(provider, p)))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, key, secret)
                .endpoint(URI.create("http://127.0.0.1:0"))
                // s3proxy does not implement x-amz-expected-bucket-owner (it answers 501); the tests
                // check that thaw sends it, s3proxy may ignore it
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    S3Client client(ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor i : interceptors) {
                        c.addExecutionInterceptor(i);
                    }
                })
                .build();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
