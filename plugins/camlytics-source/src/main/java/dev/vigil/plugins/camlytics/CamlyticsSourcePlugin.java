package dev.vigil.plugins.camlytics;

import org.pf4j.Plugin;

/** The PF4J plugin holding the {@link CamlyticsSource} extension; it has no state of its own. */
public class CamlyticsSourcePlugin extends Plugin {}
