package dev.vigil.engine.stream;

import java.util.List;

/**
 * One open event stream as the fan-out sees it (the network side implements it). {@link #send}
 * never blocks: a stream whose reader falls more than its buffer behind closes itself.
 */
public interface StreamSink {
    String connectionId();

    /** Queues framed parts, in order, to go out together. */
    void send(List<byte[]> parts);

    void close(String reason);
}
