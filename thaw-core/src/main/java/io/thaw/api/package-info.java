/**
 * The HTTP API on the management port (routes/api.camel.yaml → {@link io.thaw.api.ThawApi}): requests
 * posted as JSON go through the same parser, checks and job starter as request files; jobs are read
 * from the store as {@link io.thaw.api.JobJson}, the same view {@code thaw status --json} prints.
 */
package io.thaw.api;
