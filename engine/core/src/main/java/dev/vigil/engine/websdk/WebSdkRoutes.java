package dev.vigil.engine.websdk;

import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.stream.CustomEvents;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.api.Event;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.ingest.IngestService;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.plugin.PluginHost;
import dev.vigil.engine.websdk.query.QueryParseException;
import dev.vigil.engine.rules.RuleError;
import dev.vigil.engine.rules.RulesEngine;
import dev.vigil.engine.rules.RulesManager;
import dev.vigil.engine.rules.RulesStatus;
import dev.vigil.engine.store.DeadLetterStore;
import dev.vigil.engine.stream.SessionRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Web SDK endpoints of the foundation, independent of Netty: each takes an {@link ApiRequest}
 * and completes an {@link ApiResponse}. Every refusal becomes the {@code Fail} envelope with the
 * status that fits; nothing but a bug produces a 500.
 */
public final class WebSdkRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(WebSdkRoutes.class);
    private final String base;
    private final IngestService ingest;
    private final AlarmService alarms;
    private final AlarmOperations alarmOps;
    private final RulesManager rulesManager;
    private final RulesEngine rules;
    private final Journal journal;
    private final PluginHost plugins;
    private final DeadLetterStore deadLetters;
    private final PrometheusMeterRegistry prometheus;
    private final Executor blocking;
    private final SessionRegistry sessions;
    private final SessionRoutes sessionRoutes;
    private final DirectoryRoutes directoryRoutes;
    private final dev.vigil.engine.health.Health health;

    WebSdkRoutes(String basePath, IngestService ingest, AlarmService alarms, AlarmOperations alarmOps,
                 RulesManager rulesManager, RulesEngine rules, Journal journal, PluginHost plugins,
                 DeadLetterStore deadLetters, PrometheusMeterRegistry prometheus, Executor blocking,
                 SessionRegistry sessions, SessionRoutes sessionRoutes, DirectoryRoutes directoryRoutes,
                 dev.vigil.engine.health.Health health) {
        this.health = health;
        this.base = basePath;
        this.ingest = ingest;
        this.alarms = alarms;
        this.alarmOps = alarmOps;
        this.rulesManager = rulesManager;
        this.rules = rules;
        this.journal = journal;
        this.plugins = plugins;
        this.deadLetters = deadLetters;
        this.prometheus = prometheus;
        this.blocking = blocking;
        this.sessions = sessions;
        this.sessionRoutes = sessionRoutes;
        this.directoryRoutes = directoryRoutes;
    }

    public CompletableFuture<ApiResponse> handle(ApiRequest req) {
        try {
            return route(req).exceptionally(WebSdkRoutes::failure);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    private CompletableFuture<ApiResponse> route(ApiRequest req) {
        String path = req.path();
        if (path.equals("/metrics")) {
            requireMethod(req, "GET");
            return done(ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape()));
        }
        if (!path.startsWith(base + "/")) {
            return done(notFound(path));
        }
        String rest = path.substring(base.length());
        sessions.touch(req.principal().user(), req.principal().applicationId());
        ApiResponse sessionAnswer = sessionRoutes.handle(req, rest);
        if (sessionAnswer != null) {
            return done(sessionAnswer);
        }
        CompletableFuture<ApiResponse> directoryAnswer = directoryRoutes.handle(req, rest);
        if (directoryAnswer != null) {
            return directoryAnswer;
        }
        if (rest.startsWith("/events/RaiseEvent/")) {
            requireMethod(req, "POST");
            return raiseEvent(req, rest.substring("/events/RaiseEvent/".length()));
        }
        return switch (rest) {
            case "/events/bulk" -> {
                requireMethod(req, "POST");
                yield bulk(req);
            }
            case "/alarm" -> {
                requireMethod(req, "GET", "POST");
                yield alarm(req);
            }
            case "/activealarms" -> {
                requireMethod(req, "GET");
                yield done(Envelope.ok(alarms.active().stream().map(alarmOps.views()::full).toList()));
            }
            case "/rules/status" -> {
                requireMethod(req, "GET");
                yield done(Envelope.ok(rulesStatus()));
            }
            case "/health" -> {
                requireMethod(req, "GET");
                yield done(health());
            }
            case "/plugins" -> {
                requireMethod(req, "GET");
                yield done(Envelope.ok(pluginsView()));
            }
            case "/sinks/deadletters" -> {
                requireMethod(req, "GET");
                int limit = intParam(req, "limit", 100, 1, 10_000);
                yield CompletableFuture.supplyAsync(() -> Envelope.ok(deadLetters.recent(limit).stream()
                        .map(WebSdkRoutes::deadLetter).toList()), blocking);
            }
            default -> done(notFound(path));
        };
    }

    private CompletableFuture<ApiResponse> raiseEvent(ApiRequest req, String tail) {
        String[] parts = tail.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return done(Envelope.fail(ErrorCode.INVALID_REQUEST,
                    "expected POST " + base + "/events/RaiseEvent/{eventType}/{entityId}, got ..." + "/RaiseEvent/" + tail));
        }
        String type = Paths.decode(parts[0]);
        if (type.equalsIgnoreCase(dev.vigil.engine.stream.CustomEvents.TYPE)) {
            return done(Envelope.fail(ErrorCode.INVALID_REQUEST, "a custom event is raised with POST " + base
                    + "/events/RaiseCustomEvent/{customEventId}/{entityId}/[{message}]"));
        }
        Event event = ingest.describe(type, Paths.decode(parts[1]), null, Map.of(), null, "websdk");
        return ingest.ingest(event, req.receivedNanos()).thenApply(e -> Envelope.ok());
    }

    private CompletableFuture<ApiResponse> bulk(ApiRequest req) {
        if (req.body().length == 0) {
            return done(Envelope.fail(ErrorCode.INVALID_JSON, "body is empty; send a JSON array of events"));
        }
        List<Event> events = BulkEvents.parse(req.body(), ingest);
        return ingest.ingest(events, req.receivedNanos()).thenApply(journaled -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("Accepted", journaled.size());
            if (!journaled.isEmpty()) {
                r.put("FirstSequence", journaled.get(0).getSequence());
                r.put("LastSequence", journaled.get(journaled.size() - 1).getSequence());
            }
            return Envelope.ok(r);
        });
    }

    private CompletableFuture<ApiResponse> alarm(ApiRequest req) {
        String q = req.param("q");
        if (q == null) {
            return done(Envelope.fail(ErrorCode.INVALID_REQUEST, "missing q= parameter, e.g. q=TriggerAlarm({alarm-guid})"));
        }
        // Off the event loop: an alarm change waits for room when the store is far behind.
        return CompletableFuture.supplyAsync(() -> alarmOps.run(q, req.principal().user()), blocking)
                .thenCompose(f -> f).thenApply(Envelope::ok);
    }

    private Map<String, Object> rulesStatus() {
        RulesStatus s = rulesManager.status();
        Map<String, Object> r = new LinkedHashMap<>();
        if (s.running() != null) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("Files", s.running().files());
            run.put("RuleCount", s.running().ruleCount());
            run.put("LoadedAt", s.running().loadedAt().toString());
            r.put("Running", run);
        } else {
            r.put("Running", null);
        }
        if (s.lastAttempt() != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("At", s.lastAttempt().at().toString());
            a.put("Ok", s.lastAttempt().ok());
            a.put("Files", s.lastAttempt().files());
            a.put("Errors", s.lastAttempt().errors().stream().map(WebSdkRoutes::ruleError).toList());
            a.put("Warnings", s.lastAttempt().warnings().stream().map(WebSdkRoutes::ruleError).toList());
            r.put("LastAttempt", a);
        }
        return r;
    }

    private Map<String, Object> pluginsView() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Plugins", plugins.plugins().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("File", p.file());
            m.put("Id", p.id());
            m.put("Version", p.version());
            m.put("State", p.state());
            m.put("Message", p.message());
            return m;
        }).toList());
        r.put("Instances", plugins.instances().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", i.name());
            m.put("Kind", i.kind());
            m.put("Type", i.type());
            m.put("Plugin", i.plugin());
            m.put("State", i.state());
            m.put("Message", i.message());
            return m;
        }).toList());
        return r;
    }

    private static Map<String, Object> deadLetter(DeadLetterStore.DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", d.id());
        m.put("Sink", d.sink());
        m.put("Kind", d.itemKind());
        m.put("Key", d.itemKey());
        m.put("Item", d.doc());
        m.put("Error", d.error());
        m.put("Attempts", d.attempts());
        m.put("At", java.time.Instant.ofEpochMilli(d.atMillis()).toString());
        return m;
    }

    private static Map<String, Object> ruleError(RuleError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("File", e.file());
        m.put("Line", e.line());
        m.put("Column", e.column());
        m.put("Message", e.message());
        return m;
    }

    private ApiResponse health() {
        RulesStatus s = rulesManager.status();
        boolean rulesOk = s.lastAttempt() != null && s.lastAttempt().ok();
        List<String> problems = health.problems();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Status", rulesOk && problems.isEmpty() ? "Up" : "Degraded");
        r.put("JournalLastSequence", journal.lastSequence());
        r.put("RulesLastProcessed", rules.lastProcessed());
        r.put("RulesQueueDepth", rules.queueDepth());
        r.put("RulesQueueCapacity", rules.capacity());
        r.put("RulesCompiled", rulesOk);
        r.put("ActiveAlarms", alarms.activeCount());
        r.put("AlarmPersistBacklog", alarms.persistBacklog());
        r.put("Problems", problems);
        return Envelope.ok(r);
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
        throw new RouteException(Envelope.fail(ErrorCode.INVALID_VALUE, name + " must be an integer in " + min + ".." + max));
    }

    static void requireMethod(ApiRequest req, String... allowed) {
        for (String m : allowed) {
            if (m.equals(req.method())) {
                return;
            }
        }
        throw new RouteException(Envelope.fail(ErrorCode.METHOD_NOT_ALLOWED, req.method() + " is not allowed on "
                + req.path() + "; use " + String.join(" or ", allowed))
                .withHeader("Allow", String.join(", ", allowed)));
    }

    private static ApiResponse notFound(String path) {
        return Envelope.fail(ErrorCode.UNKNOWN_REQUEST, "no such request: " + path);
    }

    static CompletableFuture<ApiResponse> done(ApiResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    static ApiResponse failure(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof RouteException re) {
            return re.response();
        }
        if (e instanceof RefusedException re) {
            return Envelope.fail(re);
        }
        if (e instanceof QueryParseException qe) {
            return Envelope.fail(ErrorCode.INVALID_QUERY, qe.getMessage());
        }
        LOG.error("Request failed unexpectedly", e);
        return Envelope.fail(ErrorCode.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName());
    }

    /** A route decided on an answer early (bad method, bad parameter). */
    static final class RouteException extends RuntimeException {
        private final ApiResponse response;

        RouteException(ApiResponse response) {
            super(new String(response.body(), StandardCharsets.UTF_8), null, false, false);
            this.response = response;
        }

        ApiResponse response() {
            return response;
        }
    }
}
