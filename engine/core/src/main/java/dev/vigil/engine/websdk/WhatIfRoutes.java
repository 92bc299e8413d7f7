package dev.vigil.engine.websdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.ruletest.WhatIf;
import dev.vigil.engine.ruletest.WhatIfDiff;
import dev.vigil.engine.ruletest.WhatIfReplay;
import dev.vigil.engine.ruletest.WhatIfService;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /WebSdk/rules/replay}: the what-if of {@code vigil replay} on the running daemon. The body
 * is {@code {"Files": {"name.drl": "..."}, "From": "...", "To": "..."}} (times optional: the last hour).
 */
final class WhatIfRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WhatIfService whatIf;
    private final Clock clock;

    record ActionView(String at, String kind, String subject, String source, String detail, String rule) {
        static ActionView of(WhatIf.Action a) {
            return new ActionView(a.at().toString(), a.kind(), a.subject(), a.source(), a.detail(), a.rule());
        }
    }

    record ChangedView(ActionView live, ActionView candidate) {}

    record RunView(int actions, List<String> errors, long tookMs) {
        static RunView of(WhatIf.Run r) {
            return new RunView(r.actions().size(), r.errors(), r.took().toMillis());
        }
    }

    record ReplayView(
            String from,
            String to,
            int events,
            long firstSequence,
            long lastSequence,
            RunView live,
            RunView candidate,
            List<ActionView> added,
            List<ActionView> missing,
            List<ChangedView> changed,
            int same) {}

    WhatIfRoutes(WhatIfService whatIf, Clock clock) {
        this.whatIf = whatIf;
        this.clock = clock;
    }

    CompletableFuture<ApiResponse> replay(ApiRequest req, Map<String, String> params) {
        JsonNode body;
        try {
            body = JSON.readTree(req.body());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new RefusedException(ErrorCode.INVALID_JSON, "the body is not JSON: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new RefusedException(ErrorCode.INVALID_JSON, "the body cannot be read: " + e.getMessage());
        }
        if (body == null || !body.isObject() || !body.path("Files").isObject()) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE, "send {\"Files\": {\"name.drl\": \"...\"}, \"From\": ..., \"To\": ...}");
        }
        Map<String, String> files = new LinkedHashMap<>();
        body.get("Files").fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual()) {
                throw new RefusedException(ErrorCode.INVALID_VALUE, "Files." + f.getKey() + " must be the DRL text");
            }
            files.put(f.getKey(), f.getValue().asText());
        });
        Instant to = instant(body, "To", clock.instant());
        Instant from = instant(body, "From", to.minusSeconds(3600));
        return whatIf.replay(files, from, to).thenApply(WhatIfRoutes::view).thenApply(Envelope::ok);
    }

    private static Instant instant(JsonNode body, String name, Instant otherwise) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new RefusedException(
                    ErrorCode.INVALID_TIMESTAMP,
                    name + " '" + v.asText() + "' is not an instant (2026-11-30T08:00:00Z)");
        }
    }

    private static ReplayView view(WhatIfReplay.Report r) {
        WhatIfDiff d = r.diff();
        return new ReplayView(
                r.from().toString(),
                r.to().toString(),
                r.events(),
                r.firstSequence(),
                r.lastSequence(),
                RunView.of(r.live()),
                RunView.of(r.candidate()),
                d.added().stream().map(ActionView::of).toList(),
                d.missing().stream().map(ActionView::of).toList(),
                d.changed().stream()
                        .map(c -> new ChangedView(ActionView.of(c.live()), ActionView.of(c.candidate())))
                        .toList(),
                d.same());
    }
}
