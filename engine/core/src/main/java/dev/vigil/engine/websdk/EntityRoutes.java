package dev.vigil.engine.websdk;

import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** {@code /entity?q=entity={ref},...}: entity properties and methods, recipients, custom events. */
final class EntityRoutes {
    private final EntityOperations operations;
    private final EntityRegistry entities;
    private final Executor blocking;

    EntityRoutes(EntityOperations operations, EntityRegistry entities, Executor blocking) {
        this.operations = operations;
        this.entities = entities;
        this.blocking = blocking;
    }

    CompletableFuture<ApiResponse> run(ApiRequest req, Map<String, String> params) {
        String q = req.param("q");
        if (q == null) {
            return WebSdkRoutes.done(Envelope.fail(
                    ErrorCode.INVALID_REQUEST, "missing q= parameter, e.g. q=entity={guid},SupportedEvents"));
        }
        UUID caller = callerGuid(req);
        // Off the event loop: edits are written to the store before they are answered.
        return CompletableFuture.supplyAsync(() -> Envelope.ok(operations.run(q, caller)), blocking);
    }

    private UUID callerGuid(ApiRequest req) {
        UUID user = entities.userGuid(req.principal().user());
        return user == null ? new UUID(0, 0) : user;
    }
}
