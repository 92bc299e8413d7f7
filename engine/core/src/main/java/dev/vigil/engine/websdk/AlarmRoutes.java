package dev.vigil.engine.websdk;

import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** {@code /alarm?q=Method(...)} and {@code /activealarms}. */
final class AlarmRoutes {
    private final AlarmService alarms;
    private final AlarmOperations operations;
    private final AlarmViews views;
    private final Executor blocking;

    AlarmRoutes(AlarmService alarms, AlarmOperations operations, AlarmViews views, Executor blocking) {
        this.alarms = alarms;
        this.operations = operations;
        this.views = views;
        this.blocking = blocking;
    }

    CompletableFuture<ApiResponse> run(ApiRequest req, Map<String, String> params) {
        String q = req.param("q");
        if (q == null) {
            return WebSdkRoutes.done(Envelope.fail(
                    ErrorCode.INVALID_REQUEST, "missing q= parameter, e.g. q=TriggerAlarm({alarm-guid})"));
        }
        // Off the event loop: an alarm change waits for room when the store is far behind.
        return CompletableFuture.supplyAsync(
                        () -> operations.run(q, req.principal().user()), blocking)
                .thenCompose(f -> f)
                .thenApply(Envelope::ok);
    }

    CompletableFuture<ApiResponse> active(ApiRequest req, Map<String, String> params) {
        return WebSdkRoutes.done(
                Envelope.ok(alarms.active().stream().map(views::full).toList()));
    }
}
