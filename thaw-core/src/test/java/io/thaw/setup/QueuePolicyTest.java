package io.thaw.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class QueuePolicyTest {

    static final String TOPIC = "arn:aws:sns:us-west-2:599109622955:myTopic";
    static final String QUEUE = "arn:aws:sqs:us-west-2:599109622955:myQueue";

    @Test
    void recognisesTheGrantTheOldJavaSdkWrote() {
        // The shape of SDK v1's Topics.subscribeQueue policy: Principal "*", arrays, ArnLike.
        String v1 = "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Sid\":\"topic-subscription-" + TOPIC + "\","
                + "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"sqs:SendMessage\"],\"Resource\":[\"" + QUEUE
                + "\"],\"Condition\":{\"ArnLike\":{\"aws:SourceArn\":[\"" + TOPIC + "\"]}}}]}";
        assertTrue(QueuePolicy.grants(v1, TOPIC));
        assertFalse(QueuePolicy.grants(v1, TOPIC + "2"));
        assertFalse(QueuePolicy.grants(null, TOPIC));
        assertFalse(QueuePolicy.grants("not json", TOPIC));
    }

    @Test
    void addsItsStatementAndKeepsOthers() throws Exception {
        String other = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"ops\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::599109622955:role/ops\"},\"Action\":\"sqs:ReceiveMessage\"}}";
        String merged = QueuePolicy.withGrant(other, QUEUE, TOPIC);
        JsonNode root = QueuePolicy.JSON.readTree(merged);
        assertEquals(2, root.path("Statement").size());
        assertEquals("ops", root.path("Statement").get(0).path("Sid").asText());
        assertTrue(QueuePolicy.grants(merged, TOPIC));
        assertEquals("sns.amazonaws.com", root.path("Statement").get(1).path("Principal").path("Service").asText());
        assertEquals(TOPIC, root.path("Statement").get(1).path("Condition").path("ArnEquals").path("aws:SourceArn")
                .asText());
        // Applying it again replaces thaw's own statement instead of adding a second one.
        assertEquals(2, QueuePolicy.JSON.readTree(QueuePolicy.withGrant(merged, QUEUE, TOPIC)).path("Statement").size());
    }

    @Test
    void redriveComparesTheNumberAsAwsReturnsIt() {
        String dlq = "arn:aws:sqs:us-west-2:599109622955:myQueue-dlq";
        assertTrue(QueuePolicy.sameRedrive("{\"deadLetterTargetArn\":\"" + dlq + "\",\"maxReceiveCount\":10}", dlq, 10));
        assertTrue(QueuePolicy.sameRedrive(QueuePolicy.redrive(dlq, 10), dlq, 10));
        assertFalse(QueuePolicy.sameRedrive(QueuePolicy.redrive(dlq, 5), dlq, 10));
        assertFalse(QueuePolicy.sameRedrive(null, dlq, 10));
    }
}
