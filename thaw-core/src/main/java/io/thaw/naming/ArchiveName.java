package io.thaw.naming;

import java.time.Instant;

/**
 * The name one archive is delivered under.
 *
 * @param relativePath safe relative path (see {@link SafePath}), '/'-separated
 * @param lastModified the original file's modification time to restore, or null if unknown
 * @param source       where the name came from: "request", "override", a {@link Format#source()} such
 *                     as "fastglacier-v4", "cloudberry", "mt-aws-glacier", "plain", or "undefined" /
 *                     "error" for the {@code 00undefined/} and {@code 00error/} fallbacks
 */
public record ArchiveName(String relativePath, Instant lastModified, String source) {
}
