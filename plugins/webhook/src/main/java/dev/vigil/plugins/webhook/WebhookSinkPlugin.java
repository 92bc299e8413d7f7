package dev.vigil.plugins.webhook;

import org.pf4j.Plugin;

/** The PF4J plugin holding the {@link WebhookSink} extension; it has no state of its own. */
public class WebhookSinkPlugin extends Plugin {}
