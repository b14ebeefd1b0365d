package io.thaw.setup;

/**
 * One thing {@code thaw setup} checked, with what it did about it and the equivalent AWS CLI call (so a
 * dry run can be reviewed, or done by hand by someone with other permissions).
 */
public record SetupStep(Status status, String what, String call) {

    /** What happened to the thing (or would happen, in a dry run). */
    public enum Status {
        CREATED("created"), CHANGED("changed"), UNCHANGED("exists"), WOULD_CREATE("would create"),
        WOULD_CHANGE("would change");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean changes() {
            return this != UNCHANGED;
        }
    }

    static SetupStep unchanged(String what) {
        return new SetupStep(Status.UNCHANGED, what, null);
    }

    @Override
    public String toString() {
        return String.format("%-13s %s", status.label(), what) + (call == null || status == Status.UNCHANGED ? ""
                : "\n              " + call);
    }
}
