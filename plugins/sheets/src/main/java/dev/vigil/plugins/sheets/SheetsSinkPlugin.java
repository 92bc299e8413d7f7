package dev.vigil.plugins.sheets;

import org.pf4j.Plugin;

/** The PF4J plugin holding the {@link SheetsSink} extension; it has no state of its own. */
public class SheetsSinkPlugin extends Plugin {}
