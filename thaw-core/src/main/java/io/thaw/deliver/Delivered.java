package io.thaw.deliver;

/** Where output landed (a URI without credentials) and how many bytes. */
public record Delivered(String location, long size) {
}
