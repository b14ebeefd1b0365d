/**
 * Whole-vault (or filtered) retrieval at scale.
 *
 * <ul>
 *   <li>{@link io.thaw.plan.VaultPlan} + {@link io.thaw.plan.PlanPrinter}: one streaming pass over an
 *       inventory gives counts, size bands, duplicates ({@link io.thaw.plan.DuplicateIndex}), archives over
 *       5 TiB, cost per tier ({@link io.thaw.plan.RateTable}) and time at the pace ({@link io.thaw.plan.Pace});
 *       {@code thaw plan} prints it.</li>
 *   <li>{@link io.thaw.plan.VaultRuns}: a run from a request's {@code "select"} or a scheduled inventory;
 *       gets its inventory (paged by Limit/Marker), then {@link io.thaw.plan.RunPlanner} queues its archives
 *       in the store (runs and pages: {@link io.thaw.plan.RunStore}; archives: {@link io.thaw.plan.RunItems};
 *       migration V3), named across the vault with the
 *       naming package's DuplicatePlan.</li>
 *   <li>{@link io.thaw.plan.RunPacer}: the run-pacer route's tick; starts queued archives within
 *       jobs/s, bytes/day and max-in-flight, backs off on throttling, stops on a retrieval policy.</li>
 *   <li>{@link io.thaw.plan.DuplicateCopies}: same-content archives written from one verified output.</li>
 *   <li>{@link io.thaw.plan.RunFinisher} / {@link io.thaw.plan.RunReport}: the end of a run and its report.</li>
 * </ul>
 */
package io.thaw.plan;
