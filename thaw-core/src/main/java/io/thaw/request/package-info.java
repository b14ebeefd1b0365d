/**
 * Request files dropped into the inbox: {@link io.thaw.request.RequestParser#parse} turns one into a
 * {@link io.thaw.request.ThawRequest} (jobs to start, vault, checked destination) or refuses it with a
 * {@link io.thaw.request.RequestRejectedException} whose message tells the user what to fix.
 * {@link io.thaw.request.RequestPolicy} carries what the configuration allows.
 */
package io.thaw.request;
