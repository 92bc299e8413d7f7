package dev.vigil.engine.websdk;

import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.PositiveIds;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.health.Health;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.outbox.SinkService;
import dev.vigil.engine.plugin.PluginHost;
import dev.vigil.engine.rules.RuleError;
import dev.vigil.engine.rules.RulesEngine;
import dev.vigil.engine.rules.RulesManager;
import dev.vigil.engine.rules.RulesStatus;
import dev.vigil.engine.store.DeadLetterStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** What the daemon tells about itself: rules, health, plugins, dead letters, Prometheus metrics. */
final class StatusRoutes {
    private final RulesManager rulesManager;
    private final RulesEngine rules;
    private final Journal journal;
    private final AlarmService alarms;
    private final PluginHost plugins;
    private final DeadLetterStore deadLetters;
    private final PrometheusMeterRegistry prometheus;
    private final Health health;
    private final SinkService sinks;
    private final Executor blocking;

    record RulesView(LoadedView running, AttemptView lastAttempt, List<FiringView> firings) {}

    /** One rule's firings since the daemon started, most often first. */
    record FiringView(String rule, String file, long count, String lastFiredAt) {}

    record LoadedView(List<String> files, int ruleCount, String loadedAt) {}

    record AttemptView(
            String at, boolean ok, List<String> files, List<RuleErrorView> errors, List<RuleErrorView> warnings) {}

    record RuleErrorView(String file, int line, int column, String message) {
        static RuleErrorView of(RuleError e) {
            return new RuleErrorView(e.file(), e.line(), e.column(), e.message());
        }
    }

    /** {@code RulesPartitions}: on a cluster, the partitions of the shared log whose rules run here (absent on one node). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record HealthView(
            String status,
            long journalLastSequence,
            long rulesLastProcessed,
            int rulesQueueDepth,
            int rulesQueueCapacity,
            boolean rulesCompiled,
            int activeAlarms,
            int alarmPersistBacklog,
            List<String> problems,
            List<Integer> rulesPartitions) {}

    record PluginsView(List<PluginView> plugins, List<InstanceView> instances) {}

    record PluginView(String file, String id, String version, String state, String message) {}

    record InstanceView(String name, String kind, String type, String plugin, String state, String message) {}

    record SinkView(
            String name,
            String type,
            boolean events,
            boolean alarms,
            int pending,
            boolean behind,
            long delivered,
            long failed,
            long deadLetters,
            String lastError,
            String lastErrorAt,
            long cursorEvent,
            long cursorAlarmChange) {}

    record RetriedView(long retried) {}

    record DiscardedView(long discarded) {}

    record DeadLetterView(
            long id, String sink, String kind, String key, String item, String error, int attempts, String at) {}

    StatusRoutes(
            RulesManager rulesManager,
            RulesEngine rules,
            Journal journal,
            AlarmService alarms,
            PluginHost plugins,
            DeadLetterStore deadLetters,
            PrometheusMeterRegistry prometheus,
            Health health,
            SinkService sinks,
            Executor blocking) {
        this.sinks = sinks;
        this.rulesManager = rulesManager;
        this.rules = rules;
        this.journal = journal;
        this.alarms = alarms;
        this.plugins = plugins;
        this.deadLetters = deadLetters;
        this.prometheus = prometheus;
        this.health = health;
        this.blocking = blocking;
    }

    CompletableFuture<ApiResponse> metrics(ApiRequest req, Map<String, String> params) {
        return WebSdkRoutes.done(
                ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape()));
    }

    CompletableFuture<ApiResponse> rules(ApiRequest req, Map<String, String> params) {
        RulesStatus s = rulesManager.status();
        LoadedView running = s.running() == null
                ? null
                : new LoadedView(
                        s.running().files(),
                        s.running().ruleCount(),
                        s.running().loadedAt().toString());
        RulesStatus.Attempt a = s.lastAttempt();
        AttemptView attempt = a == null
                ? null
                : new AttemptView(
                        a.at().toString(),
                        a.ok(),
                        a.files(),
                        a.errors().stream().map(RuleErrorView::of).toList(),
                        a.warnings().stream().map(RuleErrorView::of).toList());
        List<FiringView> firings = rules.ruleFirings().stream()
                .map(f -> new FiringView(
                        f.rule(), f.file(), f.count(), f.lastFiredAt().toString()))
                .toList();
        return WebSdkRoutes.done(Envelope.ok(
                attempt == null ? new RulesOnlyView(running, firings) : new RulesView(running, attempt, firings)));
    }

    /** Before the first compile attempt there is no {@code LastAttempt} at all (not even null). */
    record RulesOnlyView(LoadedView running, List<FiringView> firings) {}

    CompletableFuture<ApiResponse> health(ApiRequest req, Map<String, String> params) {
        RulesStatus s = rulesManager.status();
        boolean rulesOk = s.lastAttempt() != null && s.lastAttempt().ok();
        List<String> problems = health.problems();
        return WebSdkRoutes.done(Envelope.ok(new HealthView(
                rulesOk && problems.isEmpty() ? "Up" : "Degraded",
                journal.lastSequence(),
                rules.lastProcessed(),
                rules.queueDepth(),
                rules.capacity(),
                rulesOk,
                alarms.activeCount(),
                alarms.persistBacklog(),
                problems,
                rules.ownedPartitions() == null
                        ? null
                        : rules.ownedPartitions().stream().sorted().toList())));
    }

    CompletableFuture<ApiResponse> plugins(ApiRequest req, Map<String, String> params) {
        return WebSdkRoutes.done(Envelope.ok(new PluginsView(
                plugins.plugins().stream()
                        .map(p -> new PluginView(p.file(), p.id(), p.version(), p.state(), p.message()))
                        .toList(),
                plugins.instances().stream()
                        .map(i -> new InstanceView(i.name(), i.kind(), i.type(), i.plugin(), i.state(), i.message()))
                        .toList())));
    }

    CompletableFuture<ApiResponse> deadLetters(ApiRequest req, Map<String, String> params) {
        int limit = intParam(req, "limit", 100, 1, 10_000);
        return CompletableFuture.supplyAsync(
                () -> Envelope.ok(deadLetters.recent(limit).stream()
                        .map(d -> new DeadLetterView(
                                d.id(),
                                d.sink(),
                                d.itemKind(),
                                d.itemKey(),
                                d.doc(),
                                d.error(),
                                d.attempts(),
                                Instant.ofEpochMilli(d.atMillis()).toString()))
                        .toList()),
                blocking);
    }

    CompletableFuture<ApiResponse> sinks(ApiRequest req, Map<String, String> params) {
        return CompletableFuture.supplyAsync(
                () -> {
                    Map<String, Long> letters = deadLetters.countBySink();
                    return Envelope.ok(sinks.status().stream()
                            .map(s -> new SinkView(
                                    s.name(),
                                    s.type(),
                                    s.events(),
                                    s.alarms(),
                                    s.pending(),
                                    s.behind(),
                                    s.delivered(),
                                    s.failed(),
                                    letters.getOrDefault(s.name(), 0L),
                                    s.lastError(),
                                    s.lastErrorAtMillis() == 0
                                            ? null
                                            : Instant.ofEpochMilli(s.lastErrorAtMillis())
                                                    .toString(),
                                    s.cursorEvent(),
                                    s.cursorChange()))
                            .toList());
                },
                blocking);
    }

    CompletableFuture<ApiResponse> retryDeadLetter(ApiRequest req, Map<String, String> params) {
        long id = PositiveIds.parse(params.get("id"), "a dead letter id");
        return CompletableFuture.supplyAsync(
                () -> {
                    DeadLetterStore.DeadLetter letter = deadLetters.find(id).orElseThrow(() -> unknownDeadLetter(id));
                    sinks.retry(letter);
                    deadLetters.delete(id);
                    return Envelope.ok(new RetriedView(id));
                },
                blocking);
    }

    CompletableFuture<ApiResponse> discardDeadLetter(ApiRequest req, Map<String, String> params) {
        long id = PositiveIds.parse(params.get("id"), "a dead letter id");
        return CompletableFuture.supplyAsync(
                () -> {
                    if (!deadLetters.delete(id)) {
                        throw unknownDeadLetter(id);
                    }
                    return Envelope.ok(new DiscardedView(id));
                },
                blocking);
    }

    private static RefusedException unknownDeadLetter(long id) {
        return new RefusedException(
                ErrorCode.UNKNOWN_DEAD_LETTER, "no dead letter " + id + "; GET /WebSdk/sinks/deadletters lists them");
    }

    private static int intParam(ApiRequest req, String name, int dflt, int min, int max) {
        String v = req.param(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RefusedException(ErrorCode.INVALID_VALUE, name + " must be an integer in " + min + ".." + max);
    }
}
