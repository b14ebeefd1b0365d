package io.thaw.glacier;

/**
 * Why a job's output could not be fetched, in words an operator can act on. {@link Kind} tells the
 * caller what to do next: retry later, re-request the job, or give up on it.
 */
public final class OutputProblem extends RuntimeException {

    public enum Kind {
        /** Glacier has not finished the job yet: wait for the notice or the next poll. */
        NOT_READY,
        /** The 24 h download window passed (404): the job must be started again. */
        EXPIRED,
        /** Bytes could not be verified after every retry, or Glacier refused: retry the whole job later. */
        TRANSIENT,
        /** Nothing will make this job's output verifiable or reachable: mark it FAILED with this message. */
        PERMANENT
    }

    private final Kind kind;

    public OutputProblem(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public OutputProblem(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
