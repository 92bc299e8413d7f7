package dev.vigil.engine.journal;

/** The journal cannot be opened (its brokers unreachable, its topic unusable); the daemon does not start. */
public class JournalOpenException extends RuntimeException {
    public JournalOpenException(String message) {
        super(message);
    }

    public JournalOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
