package io.thaw.camel.glacier;

import io.thaw.glacier.ServiceAnswer;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Whether an endpoint can reach its services: Glacier (one ListVaults of at most one vault) and, for a
 * consumer, its notice queue (GetQueueAttributes). Down with the service's status and error code when
 * AWS answers with an error, with the exception when it cannot be reached.
 */
public class GlacierHealthCheck extends AbstractHealthCheck {

    private final GlacierEndpoint endpoint;
    private final boolean consumer;

    public GlacierHealthCheck(GlacierEndpoint endpoint, String id, boolean consumer) {
        super("camel", (consumer ? "consumer:glacier-" : "producer:glacier-") + id);
        this.endpoint = endpoint;
        this.consumer = consumer;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        GlacierConfiguration c = endpoint.getConfiguration();
        try {
            if (endpoint.glacier() == null) {
                builder.message("glacier endpoint of vault '" + c.getVaultName() + "' is not started").down();
                return;
            }
            endpoint.glacier().listVaults(b -> b.accountId(c.getAccountId()).limit("1"));
            if (consumer) {
                endpoint.sqs().getQueueAttributes(b -> b.queueUrl(c.getQueueUrl())
                        .attributeNames(QueueAttributeName.QUEUE_ARN));
            }
            builder.up();
        } catch (AwsServiceException e) {
            builder.message((consumer ? "Glacier or the notice queue " : "Glacier ") + "answered "
                    + ServiceAnswer.describe(e));
            builder.error(e);
            builder.detail(SERVICE_STATUS_CODE, e.statusCode());
            if (e.awsErrorDetails() != null) {
                builder.detail(SERVICE_ERROR_CODE, e.awsErrorDetails().errorCode());
            }
            builder.down();
        } catch (RuntimeException e) {
            builder.message("cannot reach " + (consumer ? "Glacier or the notice queue: " : "Glacier: ") + e.getMessage());
            builder.error(e);
            builder.down();
        }
    }
}
