package dev.vigil.engine.websdk;

import dev.vigil.engine.config.Durations;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.rules.RuleTrace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /WebSdk/rules/trace}: {@code GET} what is traced and the latest traced firings;
 * {@code POST ?rule=PATTERN&for=10m} traces the rules whose name matches for that long (at most 24 h);
 * {@code POST /off} stops.
 */
final class RuleTraceRoutes {
    private final RuleTrace trace;

    record TracedView(String at, String rule, String file, List<String> facts) {}

    record TraceView(String rules, String until, List<TracedView> recent) {}

    RuleTraceRoutes(RuleTrace trace) {
        this.trace = trace;
    }

    CompletableFuture<ApiResponse> status(ApiRequest req, Map<String, String> params) {
        return WebSdkRoutes.done(Envelope.ok(view(trace.status())));
    }

    CompletableFuture<ApiResponse> start(ApiRequest req, Map<String, String> params) {
        String rule = req.param("rule");
        String length = req.param("for");
        Duration d;
        try {
            d = length == null ? Duration.ofMinutes(10) : Durations.parse(length);
        } catch (RuntimeException e) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "for: '" + length + "' is not a duration (10m, 1h)");
        }
        try {
            return WebSdkRoutes.done(Envelope.ok(view(trace.start(rule, d))));
        } catch (IllegalArgumentException e) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, e.getMessage());
        }
    }

    CompletableFuture<ApiResponse> stop(ApiRequest req, Map<String, String> params) {
        return WebSdkRoutes.done(Envelope.ok(view(trace.stop())));
    }

    private static TraceView view(RuleTrace.Status s) {
        return new TraceView(
                s.rules(),
                s.until() == null ? null : s.until().toString(),
                s.recent().stream()
                        .map(t -> new TracedView(t.at().toString(), t.rule(), t.file(), t.facts()))
                        .toList());
    }
}
