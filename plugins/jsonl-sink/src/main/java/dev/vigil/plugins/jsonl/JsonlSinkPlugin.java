package dev.vigil.plugins.jsonl;

import org.pf4j.Plugin;

/** The PF4J plugin holding the {@link JsonlFileSink} extension; it has no state of its own. */
public class JsonlSinkPlugin extends Plugin {}
