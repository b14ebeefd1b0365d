package io.thaw.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thaw.glacier.TreeHash;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed workflow with the real AWS CLI v2 against the sandbox: create-vault, upload-archive,
 * inventory job, describe-job, get-job-output to a file, archive job from a file:// JobParameters,
 * ranged get-job-output; SNS/SQS subscribe and receive. Outputs are compared byte for byte.
 */
class AwsCliSandboxIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static Sandbox sandbox;
    static String aws;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        aws = findAwsCliV2();
        sandbox = Sandbox.start(SandboxOptions.defaults().withJobDelays("Expedited=500ms,Standard=1s,Bulk=1s"));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** /usr/bin/aws if executable, else aws on PATH; it must be version 2. */
    static String findAwsCliV2() throws Exception {
        List<String> candidates = new ArrayList<>();
        if (new File("/usr/bin/aws").canExecute()) {
            candidates.add("/usr/bin/aws");
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && new File(d, "aws").canExecute()) {
                candidates.add(new File(d, "aws").getPath());
            }
        }
        for (String c : candidates) {
            Process p = new ProcessBuilder(c, "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(60, TimeUnit.SECONDS) && v.startsWith("aws-cli/2")) {
                return c;
            }
        }
        fail("No AWS CLI v2 found (tried " + candidates + "). Install Debian's awscli package "
                + "(apt-get install awscli, which is v2 on Debian 12; .ci/run does this) so /usr/bin/aws is v2.");
        return null;
    }

    /** Runs the CLI against the sandbox with dummy credentials and no config files; returns stdout. */
    private String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(aws, "--endpoint-url", sandbox.endpoint().toString(), "--output", "json"));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-such-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-such-credentials").toString());
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        Path err = dir.resolve("stderr.txt");
        Process p = pb.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "aws " + String.join(" ", args) + " timed out");
        assertEquals(0, p.exitValue(), "aws " + String.join(" ", args) + " failed: " + Files.readString(err) + out);
        return out;
    }

    private JsonNode cliJson(String... args) throws Exception {
        return JSON.readTree(cli(args));
    }

    private void waitForJob(String vault, String jobId) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonNode d = cliJson("glacier", "describe-job", "--account-id", "-", "--vault-name", vault, "--job-id=" + jobId);
            if (d.get("Completed").asBoolean()) {
                assertEquals("Succeeded", d.get("StatusCode").asText());
                return;
            }
            assertTrue(System.nanoTime() < deadline, "job " + jobId + " did not complete");
            Thread.sleep(300);
        }
    }

    @Test
    void seedWorkflowWithTheAwsCli() throws Exception {
        cli("glacier", "create-vault", "--account-id", "-", "--vault-name", "cli-vault");
        byte[] data = Clients.data(3 * 1024 * 1024 + 4321, 99);
        Path file = dir.resolve("archive.bin");
        Files.write(file, data);

        // SNS topic -> SQS queue, and the vault notifies the topic on archive retrievals
        String topic = cliJson("sns", "create-topic", "--name", "cli-topic").get("TopicArn").asText();
        String queueUrl = cliJson("sqs", "create-queue", "--queue-name", "cli-queue").get("QueueUrl").asText();
        String queueArn = cliJson("sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "QueueArn")
                .get("Attributes").get("QueueArn").asText();
        assertEquals("arn:aws:sqs:us-east-1:123456789012:cli-queue", queueArn);
        String sub = cliJson("sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs",
                "--notification-endpoint", queueArn).get("SubscriptionArn").asText();
        assertTrue(sub.startsWith(topic + ":"));
        cli("glacier", "set-vault-notifications", "--account-id", "-", "--vault-name", "cli-vault",
                "--vault-notification-config", "{\"SNSTopic\":\"" + topic + "\",\"Events\":[\"ArchiveRetrievalCompleted\"]}");

        JsonNode up = cliJson("glacier", "upload-archive", "--account-id", "-", "--vault-name", "cli-vault",
                "--archive-description", "from the cli", "--body", "archive.bin");
        String archiveId = up.get("archiveId").asText();
        assertEquals(138, archiveId.length());
        assertEquals(TreeHash.of(data), up.get("checksum").asText());

        // inventory job -> file
        String invJob = cliJson("glacier", "initiate-job", "--account-id", "-", "--vault-name", "cli-vault",
                "--job-parameters", "{\"Type\":\"inventory-retrieval\"}").get("jobId").asText();
        waitForJob("cli-vault", invJob);
        JsonNode invHeaders = cliJson("glacier", "get-job-output", "--account-id", "-", "--vault-name", "cli-vault",
                "--job-id=" + invJob, "inventory.json");
        assertEquals(200, invHeaders.get("status").asInt());
        assertEquals("application/json", invHeaders.get("contentType").asText());
        byte[] invBytes = Files.readAllBytes(dir.resolve("inventory.json"));
        assertArrayEquals(glacierOutput("cli-vault", invJob), invBytes, "file equals what the sandbox serves");
        JsonNode inv = JSON.readTree(invBytes);
        assertEquals(1, inv.get("ArchiveList").size());
        JsonNode entry = inv.get("ArchiveList").get(0);
        assertEquals(archiveId, entry.get("ArchiveId").asText());
        assertEquals("from the cli", entry.get("ArchiveDescription").asText());
        assertEquals(data.length, entry.get("Size").asLong());
        assertEquals(TreeHash.of(data), entry.get("SHA256TreeHash").asText());

        // archive job with JobParameters from a file://
        Path params = dir.resolve("job.json");
        Files.writeString(params, "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + archiveId
                + "\",\"Tier\":\"Expedited\",\"Description\":\"cli restore\"}");
        String job = cliJson("glacier", "initiate-job", "--account-id", "-", "--vault-name", "cli-vault",
                "--job-parameters", "file://job.json").get("jobId").asText();
        waitForJob("cli-vault", job);
        JsonNode whole = cliJson("glacier", "get-job-output", "--account-id", "-", "--vault-name", "cli-vault",
                "--job-id=" + job, "whole.bin");
        assertEquals(200, whole.get("status").asInt());
        assertEquals(TreeHash.of(data), whole.get("checksum").asText());
        assertEquals("from the cli", whole.get("archiveDescription").asText());
        assertEquals(sha256(data), sha256(Files.readAllBytes(dir.resolve("whole.bin"))));

        JsonNode ranged = cliJson("glacier", "get-job-output", "--account-id", "-", "--vault-name", "cli-vault",
                "--job-id=" + job, "--range", "bytes=1048576-2097151", "part.bin");
        byte[] want = Arrays.copyOfRange(data, 1048576, 2097152);
        assertEquals(206, ranged.get("status").asInt());
        assertEquals("bytes 1048576-2097151/" + data.length, ranged.get("contentRange").asText());
        assertEquals(TreeHash.of(want), ranged.get("checksum").asText());
        assertArrayEquals(want, Files.readAllBytes(dir.resolve("part.bin")));

        // the completion notice arrived on the queue in an SNS envelope
        JsonNode msgs = cliJson("sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "5",
                "--max-number-of-messages", "10");
        assertEquals(1, msgs.get("Messages").size(), msgs.toString());
        JsonNode envelope = JSON.readTree(msgs.get("Messages").get(0).get("Body").asText());
        assertEquals("Notification", envelope.get("Type").asText());
        assertEquals(topic, envelope.get("TopicArn").asText());
        JsonNode notice = JSON.readTree(envelope.get("Message").asText());
        assertEquals(job, notice.get("JobId").asText());
        assertEquals("Succeeded", notice.get("StatusCode").asText());
        assertEquals(TreeHash.of(data), notice.get("SHA256TreeHash").asText());
        cli("sqs", "delete-message", "--queue-url", queueUrl, "--receipt-handle",
                msgs.get("Messages").get(0).get("ReceiptHandle").asText());

        // plain SNS publish, raw delivery switched on through the CLI
        cli("sns", "set-subscription-attributes", "--subscription-arn", sub, "--attribute-name", "RawMessageDelivery",
                "--attribute-value", "true");
        cli("sns", "publish", "--topic-arn", topic, "--message", "hello from the cli");
        JsonNode raw = cliJson("sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "5");
        assertEquals("hello from the cli", raw.get("Messages").get(0).get("Body").asText());
        assertTrue(cliJson("sns", "list-subscriptions-by-topic", "--topic-arn", topic).get("Subscriptions").size() == 1);
    }

    /** The job output as the sandbox serves it, fetched with the JDK client for comparison. */
    private static byte[] glacierOutput(String vault, String jobId) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                Clients.uri(sandbox, "/-/vaults/" + vault + "/jobs/" + jobId + "/output"))
                .header("x-amz-glacier-version", "2012-06-01").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static String sha256(byte[] b) {
        return HexFormat.of().formatHex(TreeHash.sha256().digest(b));
    }
}
