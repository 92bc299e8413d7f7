package dev.vigil.engine.stream;

/** Property names a custom event carries on its {@link dev.vigil.api.Event} (rules and sinks read them). */
public final class CustomEvents {
    public static final String TYPE = "CustomEvent";
    public static final String ID = "CustomEventId";
    public static final String NAME = "CustomEventName";
    public static final String MESSAGE = "Message";

    private CustomEvents() {}
}
