package dev.vigil.engine.camlytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.http.ApiRequest;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.http.LoginGate;
import dev.vigil.engine.http.RouteTable;
import dev.vigil.engine.ingest.IngestService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The Camlytics REST API's one route table and what each route answers. */
public final class CamlyticsRoutes {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    static final String OPENAPI_PATH = "/swagger/docs/v1";

    /** What one route does with a request the table matched (none of these paths has parameters). */
    @FunctionalInterface
    private interface Route {
        CompletableFuture<ApiResponse> handle(ApiRequest req);
    }

    private final CamlyticsEvents events;
    private final LongPolls polls;
    private final EntityRegistry entities;
    private final VigilConfig.Camlytics config;
    private final ZoneId zone;
    private final Executor blocking;
    private final byte[] openApi;
    private final CamlyticsWebhook webhook;
    private final RouteTable<Route> table;

    CamlyticsRoutes(
            CamlyticsEvents events,
            LongPolls polls,
            EntityRegistry entities,
            VigilConfig.Camlytics config,
            IngestService ingest,
            Executor blocking) {
        this.events = events;
        this.polls = polls;
        this.entities = entities;
        this.config = config;
        this.zone = config.timeZone.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(config.timeZone);
        this.blocking = blocking;
        this.openApi = resource("openapi.json");
        this.webhook = new CamlyticsWebhook(ingest, entities, config.channelMap, zone);
        this.table = RouteTable.<Route>builder()
                .add("GET", "/v1/json/events", this::events)
                .add("GET", "/v1/json/events/totals/type", this::totalsByType)
                .add("GET", "/v1/json/events/totals/rule", this::totalsByRule)
                .add("GET", "/v1/json/channels", this::channels)
                .add(List.of("GET", "POST"), "/v1/webhook", this::webhook)
                .add("GET", OPENAPI_PATH, req -> done(new ApiResponse(200, "application/json", openApi, Map.of())))
                .build();
    }

    public CompletableFuture<ApiResponse> handle(ApiRequest req) {
        try {
            RouteTable.Lookup<Route> lookup = table.find(req.method(), req.path());
            if (lookup instanceof RouteTable.Found<Route> found) {
                return found.handler().handle(req);
            }
            if (lookup instanceof RouteTable.WrongMethod<?> wrong) {
                return done(CamlyticsErrors.fail(
                                405,
                                ErrorCode.METHOD_NOT_ALLOWED,
                                req.method() + " is not allowed on " + req.path() + "; use "
                                        + String.join(" or ", wrong.allowed()))
                        .withHeader("Allow", String.join(", ", wrong.allowed())));
            }
            return done(CamlyticsErrors.fail(404, ErrorCode.UNKNOWN_REQUEST, "no such request: " + req.path()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(CamlyticsErrors.failure(e));
        }
    }

    private CompletableFuture<ApiResponse> events(ApiRequest req) {
        EventQuery q = EventQuery.parse(req, entities, zone, config.maxLimit, config.maxTimeout);
        // Registered before the read, so an event journaled in between reaches the poll (see LongPolls).
        LongPolls.Waiter waiter = q.timeout().isZero() ? null : polls.register(q);
        return CompletableFuture.supplyAsync(() -> events.find(q), blocking)
                .thenCompose(found -> {
                    if (!found.isEmpty() || waiter == null) {
                        if (waiter != null) {
                            waiter.cancel();
                        }
                        return CompletableFuture.completedFuture(found);
                    }
                    return waiter.await();
                })
                .whenComplete((found, err) -> {
                    if (err != null && waiter != null) {
                        waiter.cancel();
                    }
                })
                // A long poll is woken on the journal's writer thread: the answer is written on a worker.
                .thenApplyAsync(
                        found -> {
                            ApiResponse r = json(found.stream()
                                    .map(f -> CamlyticsViews.event(f.event(), f.camera(), zone))
                                    .toList());
                            // A cursor older than the journal keeps: the header says which ids are gone. (The
                            // oldest id lists the journal's folder, so it is read here on a worker.)
                            long oldest = events.oldestId();
                            return q.sinceId() > 0 && q.sinceId() < oldest - 1
                                    ? r.withHeader("X-Vigil-Oldest-Event-Id", Long.toString(oldest))
                                    : r;
                        },
                        blocking);
    }

    private CompletableFuture<ApiResponse> totalsByType(ApiRequest req) {
        EventQuery q = EventQuery.parse(req, entities, zone, config.maxLimit, config.maxTimeout);
        return CompletableFuture.supplyAsync(
                () ->
                        json(events
                                .totals(
                                        q,
                                        f -> List.of(CamlyticsEventTypes.camlyticsName(
                                                f.event().getType())))
                                .entrySet()
                                .stream()
                                .map(e ->
                                        new CamlyticsViews.TypeTotal(e.getKey().get(0), e.getValue()))
                                .sorted(Comparator.comparing(CamlyticsViews.TypeTotal::type))
                                .toList()),
                blocking);
    }

    private CompletableFuture<ApiResponse> totalsByRule(ApiRequest req) {
        EventQuery q = EventQuery.parse(req, entities, zone, config.maxLimit, config.maxTimeout);
        return CompletableFuture.supplyAsync(
                () -> json(events
                        .totals(q, f -> {
                            Map<String, String> p = f.event().getProperties();
                            return List.of(p.getOrDefault("rule_id", "-1"), p.getOrDefault("rule_name", ""));
                        })
                        .entrySet()
                        .stream()
                        .map(e -> new CamlyticsViews.RuleTotal(
                                e.getKey().get(0), e.getKey().get(1), e.getValue()))
                        .sorted(Comparator.comparing(CamlyticsViews.RuleTotal::ruleId))
                        .toList()),
                blocking);
    }

    /** The webhook's answer: the id the event got. */
    /** {@code eventId} is absent on a cluster, where events are numbered when read back from the log. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record WebhookResult(Long eventId) {}

    private CompletableFuture<ApiResponse> webhook(ApiRequest req) {
        if (req.principal() == LoginGate.ANONYMOUS) {
            // Anonymous loopback covers reads; an event written needs a user, as on the Web SDK.
            return done(CamlyticsErrors.fail(
                    401,
                    ErrorCode.UNAUTHORIZED,
                    "the webhook writes events: log in with HTTP Basic (user:password@ in its URL)"));
        }
        CamlyticsWebhook.Inbound in =
                req.method().equals("POST") ? CamlyticsWebhook.fromJson(req.body()) : CamlyticsWebhook.fromQuery(req);
        return webhook.receive(in, req.receivedNanos())
                .thenApply(e -> json(new WebhookResult(e.getSequence() == 0 ? null : e.getSequence())));
    }

    private CompletableFuture<ApiResponse> channels(ApiRequest req) {
        return done(json(entities.ofType(EntityType.Camera).stream()
                .map(CamlyticsViews::channel)
                .toList()));
    }

    private static ApiResponse json(Object value) {
        try {
            return new ApiResponse(200, "application/json; charset=utf-8", JSON.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response: " + e.getMessage(), e);
        }
    }

    private static CompletableFuture<ApiResponse> done(ApiResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private static byte[] resource(String name) {
        try (InputStream in = CamlyticsRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
