package dev.vigil.engine.websdk;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vigil.api.Event;
import dev.vigil.engine.directory.CustomEventCatalog;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.stream.CustomEvents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Events in: {@code RaiseEvent}, {@code RaiseCustomEvent} and the bulk request. */
final class EventRoutes {
    private static final String ORIGIN = "websdk";
    private final String base;
    private final IngestService ingest;
    private final CustomEventCatalog customEvents;

    /** The bulk answer: how many were journaled, and their sequence range (absent when none). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BulkResult(int accepted, Long firstSequence, Long lastSequence) {}

    EventRoutes(String base, IngestService ingest, CustomEventCatalog customEvents) {
        this.base = base;
        this.ingest = ingest;
        this.customEvents = customEvents;
    }

    CompletableFuture<ApiResponse> raiseEvent(ApiRequest req, Map<String, String> params) {
        String tail = params.get("tail");
        String[] parts = tail.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return WebSdkRoutes.done(Envelope.fail(
                    ErrorCode.INVALID_REQUEST,
                    "expected POST " + base + "/events/RaiseEvent/{eventType}/{entityId}, got .../RaiseEvent/" + tail));
        }
        String type = Paths.decode(parts[0]);
        if (type.equalsIgnoreCase(CustomEvents.TYPE)) {
            return WebSdkRoutes.done(Envelope.fail(
                    ErrorCode.INVALID_REQUEST,
                    "a custom event is raised with POST " + base
                            + "/events/RaiseCustomEvent/{customEventId}/{entityId}/[{message}]"));
        }
        Event event = ingest.describe(type, Paths.decode(parts[1]), null, Map.of(), null, ORIGIN);
        return ingest.ingest(event, req.receivedNanos()).thenApply(e -> Envelope.ok());
    }

    CompletableFuture<ApiResponse> bulk(ApiRequest req, Map<String, String> params) {
        if (req.body().length == 0) {
            return WebSdkRoutes.done(
                    Envelope.fail(ErrorCode.INVALID_JSON, "body is empty; send a JSON array of events"));
        }
        List<Event> events = BulkEvents.parse(req.body(), ingest);
        return ingest.ingest(events, req.receivedNanos())
                .thenApply(journaled -> Envelope.ok(
                        // A shared log (Kafka) numbers events when they are read back: none to say yet.
                        journaled.isEmpty() || journaled.get(0).getSequence() == 0
                                ? new BulkResult(journaled.size(), null, null)
                                : new BulkResult(
                                        journaled.size(),
                                        journaled.get(0).getSequence(),
                                        journaled.get(journaled.size() - 1).getSequence())));
    }

    CompletableFuture<ApiResponse> raiseCustomEvent(ApiRequest req, Map<String, String> params) {
        String tail = params.get("tail");
        String[] parts = tail.split("/", -1);
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            // As the real server does: the form without a message needs the trailing slash.
            String target = base + "/events/RaiseCustomEvent/" + tail + "/";
            return WebSdkRoutes.done(
                    Envelope.fail(ErrorCode.TRAILING_SLASH_REQUIRED, "add a trailing slash: POST " + target)
                            .withHeader("Location", target));
        }
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return WebSdkRoutes.done(Envelope.fail(
                    ErrorCode.INVALID_REQUEST,
                    "expected POST " + base
                            + "/events/RaiseCustomEvent/{customEventId}/{entityId}/ or .../{entityId}/{message}"));
        }
        int id;
        try {
            id = Integer.parseInt(Paths.decode(parts[0]));
        } catch (NumberFormatException e) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE, "'" + parts[0] + "' is not a custom event id (an integer)");
        }
        CustomEventCatalog.CustomEvent def = customEvents
                .find(id)
                .orElseThrow(() -> new RefusedException(
                        ErrorCode.UNKNOWN_CUSTOM_EVENT,
                        "no custom event with id " + id + "; create it with CustomEvents.Add"));
        String message = Paths.decode(parts[2]);
        if (message.length() > 4096) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "the message is longer than 4096 characters");
        }
        String payload = FormPayload.read(req.body(), req.contentType());
        Map<String, String> props = new LinkedHashMap<>();
        props.put(CustomEvents.ID, String.valueOf(id));
        props.put(CustomEvents.NAME, def.name());
        props.put(CustomEvents.MESSAGE, message);
        Event event = ingest.describe(CustomEvents.TYPE, Paths.decode(parts[1]), null, props, payload, ORIGIN);
        if (!event.getSourceType().equals(def.sourceType().name())) {
            throw new RefusedException(
                    ErrorCode.INVALID_EVENT_FOR_ENTITY,
                    "custom event " + id + " (" + def.name() + ") is raised by a " + def.sourceType() + ", not by a "
                            + event.getSourceType());
        }
        return ingest.ingest(event, req.receivedNanos()).thenApply(e -> Envelope.ok());
    }
}
