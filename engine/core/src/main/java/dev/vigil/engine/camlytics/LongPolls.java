package dev.vigil.engine.camlytics;

import dev.vigil.api.Event;
import dev.vigil.engine.concurrent.Threads;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.ingest.EventListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Long polls waiting for their first matching event. A poll registers before it reads the journal:
 * an event journaled between the read and the wait is then caught here, and one the read already
 * found ends the poll before it waits, so none is missed or sent twice. Told of every journaled
 * batch on the journal's writer thread, in sequence order; it only compares and completes there.
 */
public final class LongPolls implements EventListener, AutoCloseable {
    private final CamlyticsEvents events;
    private final int maxWaiting;
    private final ConcurrentHashMap.KeySetView<Waiter, Boolean> waiting = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Threads.scheduler("vigil-camlytics-timeouts");

    /** One waiting poll: what it asks for, and what it will answer. */
    final class Waiter {
        final EventQuery query;
        final CompletableFuture<List<CamlyticsEvents.Found>> answer = new CompletableFuture<>();

        Waiter(EventQuery query) {
            this.query = query;
        }

        /** Waits up to the query's timeout for events; an empty list when none came. */
        CompletableFuture<List<CamlyticsEvents.Found>> await() {
            timer.schedule(() -> finish(List.of()), query.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return answer;
        }

        void cancel() {
            waiting.remove(this);
        }

        void finish(List<CamlyticsEvents.Found> found) {
            waiting.remove(this);
            answer.complete(found);
        }
    }

    LongPolls(CamlyticsEvents events, int maxWaiting) {
        this.events = events;
        this.maxWaiting = maxWaiting;
    }

    /** Registers a poll before its journal read; refused when {@code camlytics.maxWaiting} already wait. */
    Waiter register(EventQuery query) {
        if (waiting.size() >= maxWaiting) {
            throw new RefusedException(
                    ErrorCode.SERVER_BUSY, maxWaiting + " long polls are waiting (camlytics.maxWaiting); retry later");
        }
        Waiter w = new Waiter(query);
        waiting.add(w);
        return w;
    }

    @Override
    public void onEvents(List<Event> journaled) {
        if (waiting.isEmpty()) {
            return;
        }
        for (Waiter w : waiting) {
            List<CamlyticsEvents.Found> found = new ArrayList<>();
            events.forEachMatch(journaled, w.query, (e, camera) -> found.add(new CamlyticsEvents.Found(e, camera)));
            if (!found.isEmpty()) {
                w.finish(ordered(found, w.query));
            }
        }
    }

    /** The first {@code limit} in the query's order (the newest first when descending). */
    static List<CamlyticsEvents.Found> ordered(List<CamlyticsEvents.Found> ascending, EventQuery q) {
        List<CamlyticsEvents.Found> out = new ArrayList<>(ascending);
        if (q.descending()) {
            Collections.reverse(out);
        }
        return out.size() > q.limit() ? List.copyOf(out.subList(0, q.limit())) : out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Waiter w : waiting) {
            w.finish(List.of());
        }
    }
}
