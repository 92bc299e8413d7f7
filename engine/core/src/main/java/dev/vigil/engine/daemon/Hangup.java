package dev.vigil.engine.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP means "reload" to an administrator ({@code systemctl reload}); the JVM's default is to exit
 * (status 129), which a service manager then restarts. The handler replaces that default.
 */
final class Hangup {
    private static final Logger LOG = LoggerFactory.getLogger(Hangup.class);

    private Hangup() {}

    static void onSignal(Runnable reload) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reload.run());
        } catch (IllegalArgumentException | UnsupportedOperationException noSignal) {
            // No SIGHUP on this platform, or the JVM was told to leave signals alone (-Xrs).
            LOG.info("SIGHUP cannot be handled here ({}); reload by editing the files instead", noSignal.getMessage());
        }
    }
}
