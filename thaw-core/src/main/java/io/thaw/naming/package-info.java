/**
 * Names for retrieved archives. Glacier stores no file names, only a free-text description that each
 * upload tool filled in its own way.
 *
 * <ol>
 *   <li>{@link io.thaw.naming.DescriptionParser} reads FastGlacier v1–v4, CloudBerry JSON,
 *       mt-aws-glacier mt1/mt2 and plain-text descriptions into a raw path and modification time.</li>
 *   <li>{@link io.thaw.naming.SafePath} makes any raw path safe under a destination root.</li>
 *   <li>{@link io.thaw.naming.ArchiveNamer} applies the policy: request name, then
 *       {@link io.thaw.naming.NameOverrides} (CSV {@code ArchiveId,FileName}), then the description,
 *       then {@code 00undefined/<id>} or {@code 00error/<id>}.</li>
 *   <li>{@link io.thaw.naming.DuplicatePlan} decides across a vault which archive keeps a shared name;
 *       the others get {@link io.thaw.naming.DuplicateNames#withSuffix a stable suffix}.</li>
 * </ol>
 */
package io.thaw.naming;
