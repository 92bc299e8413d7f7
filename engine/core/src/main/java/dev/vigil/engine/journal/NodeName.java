package dev.vigil.engine.journal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How this node names itself to the cluster's shared parts (Kafka client ids, ticks, logs): host and Web SDK port. */
public final class NodeName {
    private NodeName() {}

    public static String of(int httpPort) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + httpPort;
    }
}
