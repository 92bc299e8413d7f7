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
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reload.run());
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                // The JVM leaves a signal that was ignored when it started (nohup) ignored.
                LOG.warn("SIGHUP was ignored when Vigil started (nohup?) and stays ignored; reload by saving the"
                        + " files, or start Vigil with bin/vigil, which restores it");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException noSignal) {
            // No SIGHUP on this platform, or the JVM was told to leave signals alone (-Xrs).
            LOG.info("SIGHUP cannot be handled here ({}); reload by editing the files instead", noSignal.getMessage());
        }
    }
}
