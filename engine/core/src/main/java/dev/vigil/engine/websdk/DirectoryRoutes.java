package dev.vigil.engine.websdk;

import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.api.Event;
import dev.vigil.engine.directory.CustomEventCatalog;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.stream.CustomEvents;
import dev.vigil.engine.entity.EntityRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** {@code /entity?q=} requests and {@code RaiseCustomEvent}. */
final class DirectoryRoutes {
    private static final String RAISE_CUSTOM = "/events/RaiseCustomEvent/";
    private final String base;
    private final EntityOperations operations;
    private final CustomEventCatalog customEvents;
    private final IngestService ingest;
    private final EntityRegistry entities;
    private final Executor blocking;

    DirectoryRoutes(String base, EntityOperations operations, CustomEventCatalog customEvents, IngestService ingest,
                    EntityRegistry entities, Executor blocking) {
        this.base = base;
        this.operations = operations;
        this.customEvents = customEvents;
        this.ingest = ingest;
        this.entities = entities;
        this.blocking = blocking;
    }

    /** Null when {@code rest} is not one of ours. */
    CompletableFuture<ApiResponse> handle(ApiRequest req, String rest) {
        if (rest.equals("/entity")) {
            WebSdkRoutes.requireMethod(req, "GET", "POST");
            String q = req.param("q");
            if (q == null) {
                return WebSdkRoutes.done(Envelope.fail(ErrorCode.INVALID_REQUEST,
                        "missing q= parameter, e.g. q=entity={guid},SupportedEvents"));
            }
            UUID caller = callerGuid(req);
            // Off the event loop: edits are written to the store before they are answered.
            return CompletableFuture.supplyAsync(() -> Envelope.ok(operations.run(q, caller)), blocking);
        }
        if (rest.startsWith(RAISE_CUSTOM)) {
            WebSdkRoutes.requireMethod(req, "POST");
            return raiseCustom(req, rest.substring(RAISE_CUSTOM.length()));
        }
        return null;
    }

    private UUID callerGuid(ApiRequest req) {
        UUID user = entities.userGuid(req.principal().user());
        return user == null ? new UUID(0, 0) : user;
    }

    private CompletableFuture<ApiResponse> raiseCustom(ApiRequest req, String tail) {
        String[] parts = tail.split("/", -1);
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            // As the real server does: the form without a message needs the trailing slash.
            String target = base + RAISE_CUSTOM + tail + "/";
            return WebSdkRoutes.done(Envelope.fail(ErrorCode.TRAILING_SLASH_REQUIRED, "add a trailing slash: POST " + target)
                    .withHeader("Location", target));
        }
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return WebSdkRoutes.done(Envelope.fail(ErrorCode.INVALID_REQUEST, "expected POST " + base
                    + "/events/RaiseCustomEvent/{customEventId}/{entityId}/ or .../{entityId}/{message}"));
        }
        int id;
        try {
            id = Integer.parseInt(Paths.decode(parts[0]));
        } catch (NumberFormatException e) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "'" + parts[0] + "' is not a custom event id (an integer)");
        }
        CustomEventCatalog.CustomEvent def = customEvents.find(id).orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_CUSTOM_EVENT, "no custom event with id " + id + "; create it with CustomEvents.Add"));
        String message = Paths.decode(parts[2]);
        if (message.length() > 4096) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "the message is longer than 4096 characters");
        }
        String payload = FormPayload.read(req.body(), req.contentType());
        Map<String, String> props = new LinkedHashMap<>();
        props.put(CustomEvents.ID, String.valueOf(id));
        props.put(CustomEvents.NAME, def.name());
        props.put(CustomEvents.MESSAGE, message);
        Event event = ingest.describe(CustomEvents.TYPE, Paths.decode(parts[1]), null, props, payload, "websdk");
        if (!event.getSourceType().equals(def.sourceType().name())) {
            throw new RefusedException(ErrorCode.INVALID_EVENT_FOR_ENTITY, "custom event " + id + " (" + def.name()
                    + ") is raised by a " + def.sourceType() + ", not by a " + event.getSourceType());
        }
        return ingest.ingest(event, req.receivedNanos()).thenApply(e -> Envelope.ok());
    }
}
