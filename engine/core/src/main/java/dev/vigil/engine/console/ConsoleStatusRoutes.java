package dev.vigil.engine.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.PositiveIds;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.health.Health;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.outbox.SinkService;
import dev.vigil.engine.plugin.PluginHost;
import dev.vigil.engine.rules.RulesEngine;
import dev.vigil.engine.rules.RulesManager;
import dev.vigil.engine.rules.RulesStatus;
import dev.vigil.engine.ruletest.WhatIfService;
import dev.vigil.engine.store.DeadLetterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Rules, plugins and sinks, dead letters and health, for the console's other pages. */
final class ConsoleStatusRoutes {
    private static final long MAX_RULE_FILE = 1024 * 1024;
    private final RulesManager rulesManager;
    private final RulesEngine rules;
    private final Path rulesDirectory;
    private final WhatIfService whatIf;
    private final PluginHost plugins;
    private final SinkService sinks;
    private final DeadLetterStore deadLetters;
    private final Health health;
    private final HealthHistory history;
    private final Clock clock;
    private final Executor blocking;

    ConsoleStatusRoutes(
            RulesManager rulesManager,
            RulesEngine rules,
            Path rulesDirectory,
            WhatIfService whatIf,
            PluginHost plugins,
            SinkService sinks,
            DeadLetterStore deadLetters,
            Health health,
            HealthHistory history,
            Clock clock,
            Executor blocking) {
        this.rulesManager = rulesManager;
        this.rules = rules;
        this.rulesDirectory = rulesDirectory;
        this.whatIf = whatIf;
        this.plugins = plugins;
        this.sinks = sinks;
        this.deadLetters = deadLetters;
        this.health = health;
        this.history = history;
        this.clock = clock;
        this.blocking = blocking;
    }

    /**
     * The running rule set (every rule and its file), the last compile attempt with its errors at
     * file:line:col, and per-rule firings.
     */
    CompletableFuture<ApiResponse> rules(ConsoleCall call) {
        RulesStatus s = rulesManager.status();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("running", s.running());
        out.put("lastAttempt", s.lastAttempt());
        out.put("rules", rules.runningRules());
        out.put("firings", rules.ruleFirings());
        out.put("directory", rulesDirectory.toString());
        return ConsoleRoutes.done(ConsoleJson.ok(out));
    }

    /** The text of one rule file of the rules folder (for reading, and as the start of a what-if). */
    CompletableFuture<ApiResponse> ruleFile(ConsoleCall call) {
        String name = java.net.URLDecoder.decode(call.params().get("name"), StandardCharsets.UTF_8);
        if (!name.matches("[A-Za-z0-9_. -]{1,128}\\.drl") || name.contains("..")) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "'" + name + "' is not a rule file name (NAME.drl)");
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    Path file = rulesDirectory.resolve(name);
                    try {
                        if (!Files.isRegularFile(file) || Files.size(file) > MAX_RULE_FILE) {
                            throw new RefusedException(
                                    ErrorCode.UNKNOWN_REQUEST, "no rule file " + name + " in " + rulesDirectory);
                        }
                        return ConsoleJson.ok(Map.of("name", name, "text", Files.readString(file)));
                    } catch (IOException e) {
                        throw new RefusedException(
                                ErrorCode.UNKNOWN_REQUEST, "cannot read " + name + ": " + e.getMessage());
                    }
                },
                blocking);
    }

    /**
     * Runs candidate rule files over the journal beside the running rules ({@code vigil replay}'s
     * what-if): {@code {"files": {"name.drl": "..."}, "from": ISO, "to": ISO}}, the last hour by default.
     */
    CompletableFuture<ApiResponse> whatIf(ConsoleCall call) {
        JsonNode body = ConsoleJson.body(call.request().body());
        JsonNode files = body.path("files");
        if (!files.isObject() || files.isEmpty()) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "send {\"files\": {\"name.drl\": \"...\"}}");
        }
        Map<String, String> candidate = new LinkedHashMap<>();
        files.fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual()) {
                throw new RefusedException(ErrorCode.INVALID_VALUE, "files." + f.getKey() + " must be the DRL text");
            }
            candidate.put(f.getKey(), f.getValue().asText());
        });
        Instant to = instant(body, "to", clock.instant());
        Instant from = instant(body, "from", to.minusSeconds(3600));
        return whatIf.replay(candidate, from, to).thenApply(ConsoleJson::ok);
    }

    private static Instant instant(JsonNode body, String name, Instant otherwise) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new RefusedException(
                    ErrorCode.INVALID_TIMESTAMP,
                    name + ": '" + v.asText() + "' is not an instant (2026-11-30T08:00:00Z)");
        }
    }

    CompletableFuture<ApiResponse> plugins(ConsoleCall call) {
        return CompletableFuture.supplyAsync(
                () -> {
                    Map<String, Long> letters = deadLetters.countBySink();
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("plugins", plugins.plugins());
                    out.put("instances", plugins.instances());
                    out.put("sinks", sinks.status());
                    out.put("deadLettersBySink", letters);
                    return ConsoleJson.ok(out);
                },
                blocking);
    }

    CompletableFuture<ApiResponse> deadLetters(ConsoleCall call) {
        return CompletableFuture.supplyAsync(
                () -> ConsoleJson.ok(Map.of("deadLetters", deadLetters.recent(200))), blocking);
    }

    /** {@code retry} hands the item back to its sink (from the dead-letter record); {@code discard} drops the record. */
    CompletableFuture<ApiResponse> deadLetter(ConsoleCall call) {
        long letterId = PositiveIds.parse(call.params().get("id"), "a dead letter id");
        String action = call.params().get("action");
        if (!List.of("retry", "discard").contains(action)) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "unknown action '" + action + "'; retry or discard");
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    DeadLetterStore.DeadLetter letter = deadLetters
                            .find(letterId)
                            .orElseThrow(() ->
                                    new RefusedException(ErrorCode.UNKNOWN_DEAD_LETTER, "no dead letter " + letterId));
                    if (action.equals("retry")) {
                        sinks.retry(letter);
                    }
                    deadLetters.delete(letterId);
                    return ConsoleJson.ok(Map.of(action.equals("retry") ? "retried" : "discarded", letterId));
                },
                blocking);
    }

    /** The last hour in 10-second samples, and what is wrong now. */
    CompletableFuture<ApiResponse> health(ConsoleCall call) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("problems", health.problems());
        out.put("rulesQueueCapacity", rules.capacity());
        out.put("sampleSeconds", HealthHistory.EVERY.toSeconds());
        out.put("samples", history.samples());
        return ConsoleRoutes.done(ConsoleJson.ok(out));
    }
}
