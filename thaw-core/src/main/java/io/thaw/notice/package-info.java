/**
 * Glacier job-completion notices as they arrive on SQS (SNS envelope, raw, or base64):
 * {@link io.thaw.notice.NoticeParser#parse} gives a {@link io.thaw.notice.JobNotice}, throws
 * {@link io.thaw.notice.PoisonNoticeException} for bodies that can never be used, and
 * {@link io.thaw.notice.SnsSubscriptionMessageException} for SNS's own subscription messages.
 */
package io.thaw.notice;
