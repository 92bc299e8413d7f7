package dev.vigil.api;

import org.pf4j.ExtensionPoint;

/**
 * A plugin that brings events into Vigil (an analytics server, a door controller, a poller...).
 *
 * <p>Threading: {@link #start} and {@link #stop} are called from Vigil's plugin host thread and
 * must return promptly; a source that needs to wait for input starts its own threads in
 * {@code start} and ends them in {@code stop}. {@link PluginContext#publish} may be called from
 * any of those threads. An exception thrown from {@code start} disables this instance only.
 */
public interface EventSource extends ExtensionPoint {

    /** The {@code type:} value in {@code conf/vigil.yaml} that selects this source. */
    String type();

    void start(PluginContext context) throws Exception;

    default void stop() throws Exception {}
}
