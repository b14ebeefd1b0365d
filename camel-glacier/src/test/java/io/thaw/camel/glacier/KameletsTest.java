package io.thaw.camel.glacier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;

/** The two Kamelets of src/main/resources/kamelets, loaded by camel-kamelet from the classpath as users load them. */
class KameletsTest extends SandboxTestSupport {

    /** Verified bytes the source emitted, by archive id. */
    static final List<String[]> received = new CopyOnWriteArrayList<>();
    static String queueUrl;
    static String topic;

    @BeforeAll
    static void queue() {
        String[] q = subscribedQueue("kamelet-notices", false);
        queueUrl = q[0];
        topic = q[1];
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:glacier-archive-source?vaultName=*&queueUrl=" + queueUrl + "&region=us-east-1"
                        + "&stagingDirectory=" + work.resolve("kamelet-staging") + "&visibilityTimeout=30")
                        .routeId("from-glacier")
                        .process(e -> received.add(new String[] {
                                e.getMessage().getHeader(GlacierConstants.ARCHIVE_ID, String.class),
                                java.util.HexFormat.of().formatHex(Files.readAllBytes(e.getMessage().getBody(File.class).toPath())),
                                e.getMessage().getHeader(GlacierConstants.TREE_HASH, String.class)}));
            }
        };
    }

    private String archiveIdOfJob(String vault, String jobId) {
        DescribeJobResponse d = glacier.describeJob(b -> b.accountId("-").vaultName(vault).jobId(jobId));
        return d.archiveId();
    }

    @Test
    void retrievalSinkStartsAJobForAnArchiveIdBody() throws Exception {
        Archive a = archive("k-sink", 2048);
        Exchange e = template.request("kamelet:glacier-retrieval-sink?vaultName=k-sink&tier=Expedited&region=us-east-1",
                x -> x.getMessage().setBody(a.id() + "\n"));
        String jobId = e.getMessage().getHeader(GlacierConstants.JOB_ID, String.class);
        assertNotNull(jobId, "job id header; exception: " + e.getException());
        assertEquals(a.id(), archiveIdOfJob("k-sink", jobId));
        DescribeJobResponse d = glacier.describeJob(b -> b.accountId("-").vaultName("k-sink").jobId(jobId));
        assertEquals("Expedited", d.tier());
    }

    @Test
    void archiveSourceEmitsTheVerifiedArchiveOfAJobTheSinkStarted() throws Exception {
        Archive a = archive("k-source", 3 * (1 << 20) + 1);
        template.request("kamelet:glacier-retrieval-sink?vaultName=k-source&tier=Bulk&region=us-east-1&snsTopic=" + topic,
                x -> x.getMessage().setHeader(GlacierConstants.ARCHIVE_ID, a.id()));
        await("the archive from the source", () -> received.stream().anyMatch(r -> a.id().equals(r[0])));
        String[] r = received.stream().filter(x -> a.id().equals(x[0])).findFirst().orElseThrow();
        assertArrayEquals(a.bytes(), java.util.HexFormat.of().parseHex(r[1]));
        assertEquals(a.treeHash(), r[2]);
    }
}
