package dev.vigil.plugins.smtp;

import org.pf4j.Plugin;

/** The PF4J plugin holding the {@link SmtpSink} extension; it has no state of its own. */
public class SmtpSinkPlugin extends Plugin {}
