package org.example.vigil;

import org.pf4j.Plugin;

/** The PF4J plugin class named in the manifest; the work is in the {@link CounterSink} extension. */
public class CounterPlugin extends Plugin {}
