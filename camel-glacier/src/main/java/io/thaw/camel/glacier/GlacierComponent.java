package io.thaw.camel.glacier;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** The {@code glacier:} component: Amazon S3 Glacier jobs, verified job output and job-completion notices. */
@Component("glacier")
public class GlacierComponent extends HealthCheckComponent {

    @Metadata(description = "The component's defaults for every endpoint's options.")
    private GlacierConfiguration configuration = new GlacierConfiguration();

    public GlacierComponent() {
    }

    public GlacierComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("glacier endpoint '" + uri + "' names no vault: write glacier:<vault name>"
                    + " (any name for listVaults, * for a consumer taking every vault's notices)");
        }
        GlacierConfiguration config = configuration.copy();
        config.setVaultName(remaining);
        GlacierEndpoint endpoint = new GlacierEndpoint(uri, this, config);
        setProperties(endpoint, parameters);
        if (config.getGlacierClient() == null && !config.isUseDefaultCredentialsProvider()
                && (config.getAccessKey() == null || config.getSecretKey() == null)) {
            throw new IllegalArgumentException("glacier endpoint for vault '" + remaining + "' has no credentials: bind a"
                    + " GlacierClient, or set accessKey and secretKey, or useDefaultCredentialsProvider=true");
        }
        return endpoint;
    }

    public GlacierConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(GlacierConfiguration configuration) {
        this.configuration = configuration;
    }
}
