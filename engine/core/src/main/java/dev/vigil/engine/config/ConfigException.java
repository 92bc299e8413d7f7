package dev.vigil.engine.config;

/** A configuration file is missing, malformed, or holds a bad key or value. Stops start-up. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
