package io.thaw.naming;

/** Which description format a parse recognised; {@link #source()} is the name shown in reports. */
public enum Format {
    FASTGLACIER_V1("fastglacier-v1"),
    FASTGLACIER_V2("fastglacier-v2"),
    FASTGLACIER_V3("fastglacier-v3"),
    FASTGLACIER_V4("fastglacier-v4"),
    CLOUDBERRY("cloudberry"),
    MT_AWS_GLACIER("mt-aws-glacier"),
    PLAIN("plain"),
    EMPTY("undefined"),
    UNPARSABLE("error");

    private final String source;

    Format(String source) {
        this.source = source;
    }

    /** Short lower-case name, e.g. {@code "fastglacier-v4"}, as used in {@link ArchiveName#source()}. */
    public String source() {
        return source;
    }
}
