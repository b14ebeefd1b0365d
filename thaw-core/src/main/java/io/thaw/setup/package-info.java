/**
 * {@code thaw setup}: the path Glacier's job notices take to thaw — SNS topic in the vault's region,
 * SQS queue that only that topic may send to, dead-letter queue, subscription, vault notifications —
 * found or made idempotently with the SDK v2 clients ({@link io.thaw.setup.NoticeSetup}), with a dry
 * run that prints the AWS CLI calls and warnings for the ways such a path stays silent
 * ({@link io.thaw.setup.SetupTraps}).
 */
package io.thaw.setup;
