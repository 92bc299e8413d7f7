package dev.vigil.api;

/**
 * Thrown by a sink when the receiver refused an item for good (an HTTP 400, a rejected address):
 * trying again cannot help, so Vigil writes the item to the dead-letter table at once, with this
 * message (say what the receiver answered), instead of retrying it.
 */
public class PermanentDeliveryException extends Exception {
    public PermanentDeliveryException(String message) {
        super(message);
    }

    public PermanentDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
