package dev.switchboard.core.failure;

/** A failure that may go away on its own (a target restarting, a lock held): the executor retries it with backoff. */
public class TransientFailure extends RuntimeException {
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientFailure(String message) {
        super(message);
    }
}
