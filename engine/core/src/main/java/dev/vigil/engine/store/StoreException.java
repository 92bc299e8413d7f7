package dev.vigil.engine.store;

/** The store could not read or write; the operation did not take effect. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
