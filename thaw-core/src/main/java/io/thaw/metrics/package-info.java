/**
 * What an operator watches: thaw's Micrometer meters ({@link io.thaw.metrics.ThawMetrics}, exposed with
 * Camel's at /observe/metrics) and the readiness checks of its dependencies
 * ({@link io.thaw.metrics.ThawHealthChecks}, at /observe/health).
 */
package io.thaw.metrics;
