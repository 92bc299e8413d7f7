package dev.vigil.engine.journal;

/** The journal takes no more now (its write queue is full, or its disk cap is reached); nothing of the refused append was written. */
public class JournalFullException extends RuntimeException {
    public JournalFullException(String message) {
        super(message);
    }
}
