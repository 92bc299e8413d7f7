package dev.vigil.engine.ingest;

import dev.vigil.api.Event;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRefs;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EventTypes;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.journal.JournalFullException;
import dev.vigil.engine.journal.ReadBack;
import dev.vigil.engine.metrics.LatencyTimers;
import dev.vigil.engine.rules.RulesEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single way in for events, whatever their origin. Validates them (known entity, known event
 * type that this kind of entity raises, timestamp near now), reserves room in the rules queue,
 * appends them to the journal, and only when they are durable passes them to the rules and to
 * listeners (sinks). The returned future completes when the events are durable; a refusal is an
 * {@link IngestException}, and then nothing was stored.
 */
public final class IngestService {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private final EntityRegistry entities;
    private final Journal journal;
    private final RulesEngine rules;
    private final Clock clock;
    private final Duration maxSkew;
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final Counter accepted;
    private final Counter refusedOverload;
    private final Counter refusedInvalid;
    private final Timer journalLatency;
    private final AdmissionControl admission;

    public IngestService(
            EntityRegistry entities,
            Journal journal,
            RulesEngine rules,
            Clock clock,
            Duration maxSkew,
            MeterRegistry meters) {
        this(entities, journal, rules, clock, maxSkew, meters, null);
    }

    /** @param admission what else, beside the rules queue, may refuse events under overload (null: nothing) */
    public IngestService(
            EntityRegistry entities,
            Journal journal,
            RulesEngine rules,
            Clock clock,
            Duration maxSkew,
            MeterRegistry meters,
            AdmissionControl admission) {
        this.admission = admission;
        this.entities = entities;
        this.journal = journal;
        this.rules = rules;
        this.clock = clock;
        this.maxSkew = maxSkew;
        this.accepted = Counter.builder("vigil.ingest.events")
                .description("events journaled")
                .register(meters);
        this.refusedOverload = Counter.builder("vigil.ingest.refused")
                .tag("reason", "overload")
                .description("events refused and not stored: 503 (overload) or 400 (invalid)")
                .register(meters);
        this.refusedInvalid = Counter.builder("vigil.ingest.refused")
                .tag("reason", "invalid")
                .description("events refused and not stored: 503 (overload) or 400 (invalid)")
                .register(meters);
        this.journalLatency = LatencyTimers.register(
                meters, "vigil.ingest.latency", "from ingest request to events durable in the journal");
        if (journal instanceof ReadBack shared) {
            shared.deliverTo(this::readBack);
        }
    }

    /**
     * Events a shared log read back (whichever node accepted them), in sequence order: to the rules,
     * waiting while their queue is full, then to the listeners. The time they were received is not
     * known here, so the rules' latency counts from now.
     */
    private void readBack(List<Event> journaled) {
        // On a cluster, only the events of the partitions this node's rules own.
        List<Event> owned = rules.ownedOf(journaled);
        int step = Math.max(1, rules.capacity() / 2);
        for (int from = 0; from < owned.size(); from += step) {
            List<Event> part = owned.subList(from, Math.min(owned.size(), from + step));
            if (!rules.admitWaiting(part.size())) {
                // Stopping: the log keeps these, and the rules replay them after their checkpoint at the next start.
                return;
            }
            rules.submit(part, System.nanoTime());
        }
        tellListeners(journaled);
    }

    private void tellListeners(List<Event> journaled) {
        for (EventListener l : listeners) {
            try {
                l.onEvents(journaled);
            } catch (RuntimeException e) {
                LOG.error(
                        "Event listener {} failed on events {}..{}",
                        l.getClass().getSimpleName(),
                        journaled.get(0).getSequence(),
                        journaled.get(journaled.size() - 1).getSequence(),
                        e);
            }
        }
    }

    public void addListener(EventListener listener) {
        listeners.add(listener);
    }

    /**
     * Builds an event from the Web SDK's words: an event type name and an entity reference.
     *
     * @throws IngestException naming the bad part
     */
    public Event describe(
            String eventType,
            String entityRef,
            Instant timestamp,
            Map<String, String> properties,
            String payload,
            String origin) {
        EventTypes.EventType type = EventTypes.find(eventType)
                .orElseThrow(() -> invalid(ErrorCode.UNKNOWN_EVENT_TYPE, "unknown event type '" + eventType + "'"));
        Entity entity;
        try {
            entity = entities.findByText(entityRef).orElse(null);
        } catch (IllegalArgumentException e) {
            throw invalid(ErrorCode.INVALID_ENTITY, e.getMessage());
        }
        if (entity == null) {
            throw invalid(ErrorCode.UNKNOWN_ENTITY, "unknown entity " + EntityRefs.parse(entityRef));
        }
        if (!type.raisedBy().contains(entity.type())) {
            throw invalid(
                    ErrorCode.INVALID_EVENT_FOR_ENTITY,
                    "event type " + type.name() + " is not raised by a " + entity.type() + " (" + entity.logicalRef()
                            + "); it is raised by " + type.raisedBy());
        }
        Instant now = clock.instant();
        Instant ts = timestamp == null ? now : timestamp;
        if (Duration.between(ts, now).abs().compareTo(maxSkew) > 0) {
            throw invalid(
                    ErrorCode.INVALID_TIMESTAMP,
                    "timestamp " + ts + " is more than " + maxSkew.toSeconds() + " s away from the server's clock ("
                            + now + ")");
        }
        Event.Builder b = Event.builder()
                .type(type.name())
                .source(entity.guid())
                .sourceType(entity.type().name())
                .timestamp(ts)
                .origin(origin)
                .payload(payload);
        if (properties != null) {
            try {
                b.properties(properties);
            } catch (NullPointerException e) {
                throw invalid(ErrorCode.INVALID_VALUE, "properties must be strings, not null");
            }
        }
        return b.build();
    }

    private IngestException invalid(ErrorCode code, String message) {
        refusedInvalid.increment();
        return new IngestException(code, message);
    }

    /** Journals the events as one unit and hands them on; see the class comment. */
    public CompletableFuture<List<Event>> ingest(List<Event> events, long receivedNanos) {
        int n = events.size();
        if (n == 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        String pressure = admission == null ? null : admission.refusal();
        if (pressure != null) {
            refusedOverload.increment(n);
            return CompletableFuture.failedFuture(
                    new IngestException(ErrorCode.SERVER_BUSY, pressure + "; retry later, nothing was stored"));
        }
        // A shared log's events reach the rules when read back, on the node that owns them: no room to reserve here.
        boolean readBack = journal instanceof ReadBack;
        if (!readBack && !rules.tryAdmit(n)) {
            refusedOverload.increment(n);
            return CompletableFuture.failedFuture(new IngestException(
                    ErrorCode.SERVER_BUSY,
                    "rules queue is full (" + rules.queueDepth() + " of " + rules.capacity()
                            + " waiting); retry later, nothing was stored"));
        }
        // The continuation is attached before the journal sees the events, so it runs on the journal's
        // writer in sequence order: the rules and the sinks rely on getting events in that order.
        CompletableFuture<List<Event>> durable = new CompletableFuture<>();
        CompletableFuture<List<Event>> answered = durable.handle((journaled, error) -> {
            if (error != null) {
                if (!readBack) {
                    rules.cancelAdmission(n);
                }
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof JournalFullException) {
                    refusedOverload.increment(n);
                    throw new IngestException(
                            ErrorCode.SERVER_BUSY,
                            "journal is busy (" + cause.getMessage() + "); retry later, nothing was stored");
                }
                // The journal has logged the failure (once a minute while it lasts); the caller gets 503.
                refusedOverload.increment(n);
                throw new IngestException(
                        ErrorCode.JOURNAL_FAILED,
                        "journal write failed: " + cause.getMessage() + "; retry later, nothing was stored");
            }
            journalLatency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
            accepted.increment(n);
            if (!readBack) {
                rules.submit(journaled, receivedNanos);
                tellListeners(journaled);
            }
            return journaled;
        });
        journal.append(events, durable);
        return answered;
    }

    public CompletableFuture<Event> ingest(Event event, long receivedNanos) {
        List<Event> one = new ArrayList<>(1);
        one.add(event);
        return ingest(one, receivedNanos).thenApply(l -> l.get(0));
    }
}
