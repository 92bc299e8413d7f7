package dev.vigil.engine.ingest;

import dev.vigil.api.Event;
import java.util.List;

/** Told of every batch of events once they are journaled; must hand them on without blocking. */
public interface EventListener {
    void onEvents(List<Event> journaled);
}
