package io.thaw;

import io.thaw.store.JobStore;
import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.TestInstance;

/**
 * Route-level tests run thaw as a user does: the real routes/ and config/application.properties with
 * thaw's beans, plus the overrides a test class needs (sandbox endpoint, queue, folders). Subclasses
 * start their servers in a static initializer, because the Camel context is created before any
 * {@code @BeforeAll} runs, and stop the context first in their {@code @AfterAll}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RouteTestSupport extends CamelMainTestSupport {

    /** Properties that override config/application.properties for this test class. */
    protected abstract Properties overrides();

    @Override
    public void configureContext(CamelContextConfiguration c) {
        super.configureContext(c);
        c.withUseOverridePropertiesWithPropertiesComponent(overrides());
    }

    @Override
    protected void configure(MainConfigurationProperties c) {
        c.addConfiguration(ThawBeans.class);
        c.withRoutesIncludePattern("file:routes/*.camel.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:config/application.properties";
    }

    protected JobStore store() {
        return context.getRegistry().lookupByNameAndType("jobStore", JobStore.class);
    }
}
