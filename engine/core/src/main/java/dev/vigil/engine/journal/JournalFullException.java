package dev.vigil.engine.journal;

/** The journal's write queue is full; nothing of the refused append was written. */
public class JournalFullException extends RuntimeException {
    public JournalFullException(String message) {
        super(message);
    }
}
