package dev.vigil.engine.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.engine.alarm.AckType;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmHistoryQuery;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.directory.AlarmRecipients;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.PositiveIds;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiResponse;
import dev.vigil.engine.store.AlarmStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The alarms an operator handles: the active ones it is sent (every one for an admin who asks),
 * the actions on them through the same {@link AlarmService} calls as the Web SDK's
 * {@code /alarm?q=} (so the same change records name the user), and the history of past instances.
 */
final class ConsoleAlarmRoutes {
    private static final int MAX_CONTEXT = 4096;
    static final List<String> ACTIONS = List.of("ack", "nack", "force-ack", "investigate", "forward", "context");

    private final AlarmService alarms;
    private final AlarmRecipients recipients;
    private final EntityRegistry entities;
    private final AlarmStore store;
    private final ConsoleViews views;
    private final Executor blocking;
    private final Clock clock;

    record ChangeView(long changeId, String kind, String at, String by, String rule) {}

    record PastView(ConsoleViews.AlarmView instance, List<ChangeView> changes) {}

    ConsoleAlarmRoutes(
            AlarmService alarms,
            AlarmRecipients recipients,
            EntityRegistry entities,
            AlarmStore store,
            ConsoleViews views,
            Executor blocking,
            Clock clock) {
        this.clock = clock;
        this.alarms = alarms;
        this.recipients = recipients;
        this.entities = entities;
        this.store = store;
        this.views = views;
        this.blocking = blocking;
    }

    /** Most urgent first (lower priority number), then newest. */
    static final Comparator<Alarm> URGENT_FIRST = Comparator.comparingInt(Alarm::getPriority)
            .thenComparing(Alarm::getLastTriggerTime, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Comparator.comparingLong(Alarm::getInstanceId).reversed());

    CompletableFuture<ApiResponse> active(ConsoleCall call) {
        boolean all = "1".equals(call.param("all"));
        if (all && !call.admin()) {
            return ConsoleRoutes.done(ConsoleJson.error(403, "only an admin sees every alarm"));
        }
        UUID me = entities.userGuid(call.user());
        List<ConsoleViews.AlarmView> out = alarms.active().stream()
                .filter(a -> all || sentTo(a, me))
                .sorted(URGENT_FIRST)
                .map(views::alarm)
                .toList();
        return ConsoleRoutes.done(ConsoleJson.ok(Map.of("alarms", out, "all", all)));
    }

    /** Whether the alarm has reached the user by now (recipient, group member, forwarded to; after any delay). */
    private boolean sentTo(Alarm a, UUID user) {
        if (user == null) {
            return false;
        }
        return recipients
                .reachDelay(a.getAlarmGuid(), a.getForwardedRecipients(), user)
                .filter(d -> a.getCreationTime() == null
                        || !a.getCreationTime().plus(d).isAfter(clock.instant()))
                .isPresent();
    }

    CompletableFuture<ApiResponse> act(ConsoleCall call) {
        long id = PositiveIds.parse(call.params().get("id"), "an alarm instance id");
        String action = call.params().get("action");
        if (!ACTIONS.contains(action)) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE, "unknown action '" + action + "'; one of " + String.join(", ", ACTIONS));
        }
        Alarm a = alarms.active().stream()
                .filter(x -> x.getInstanceId() == id)
                .findFirst()
                .orElseThrow(() -> new RefusedException(
                        ErrorCode.UNKNOWN_ALARM_INSTANCE, "alarm instance " + id + " is not active"));
        if (!call.admin() && !sentTo(a, entities.userGuid(call.user()))) {
            return ConsoleRoutes.done(ConsoleJson.error(403, "alarm instance " + id + " was not sent to you"));
        }
        JsonNode body = action.equals("forward") || action.equals("context")
                ? ConsoleJson.body(call.request().body())
                : null;
        String user = call.user();
        // Off the event loop: an alarm change waits for room when the store is far behind.
        return CompletableFuture.supplyAsync(
                        () -> switch (action) {
                            case "ack" -> alarms.acknowledge(id, null, AckType.ACK, user);
                            case "nack" -> alarms.acknowledge(id, null, AckType.NACK, user);
                            case "force-ack" -> alarms.acknowledge(id, null, AckType.FORCED, user);
                            case "investigate" -> alarms.investigate(id, null, user);
                            case "forward" -> alarms.forward(id, recipientsOf(body), user);
                            default -> alarms.editContext(id, null, context(body), user);
                        },
                        blocking)
                .thenCompose(f -> f)
                .thenApply(after -> ConsoleJson.ok(views.alarm(after)));
    }

    private List<UUID> recipientsOf(JsonNode body) {
        JsonNode to = body.path("to");
        if (!to.isArray() || to.isEmpty() || to.size() > 100) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE, "send {\"to\": [\"user or group GUID\", ...]} with 1 to 100 recipients");
        }
        List<UUID> out = new ArrayList<>();
        for (JsonNode n : to) {
            // A GUID, LogicalID(User,N) or a name; text that is none of them is simply not found.
            Entity e = java.util.Optional.ofNullable(entities.resolveAny(n.asText()))
                    .filter(x -> x.type() == EntityType.User || x.type() == EntityType.UserGroup)
                    .orElseThrow(() -> new RefusedException(
                            ErrorCode.UNKNOWN_ENTITY, "'" + n.asText() + "' is not a configured user or user group"));
            out.add(e.guid());
        }
        return out;
    }

    private static String context(JsonNode body) {
        JsonNode c = body.get("context");
        if (c == null || !c.isTextual() || c.asText().length() > MAX_CONTEXT) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE, "send {\"context\": \"...\"} of at most " + MAX_CONTEXT + " characters");
        }
        return c.asText();
    }

    /** The users and user groups an alarm can be forwarded to. */
    CompletableFuture<ApiResponse> recipients(ConsoleCall call) {
        List<ConsoleViews.EntityView> out = new ArrayList<>();
        for (EntityType t : List.of(EntityType.User, EntityType.UserGroup)) {
            entities.ofType(t).stream()
                    .sorted(Comparator.comparing(Entity::name))
                    .map(ConsoleViews::view)
                    .forEach(out::add);
        }
        return ConsoleRoutes.done(ConsoleJson.ok(Map.of("recipients", out)));
    }

    /**
     * Past and present instances, newest first, with every change; filters {@code alarm}, {@code
     * source} (GUID, LogicalID or name), {@code state}, {@code from}/{@code to} (ISO-8601), {@code
     * limit}. An operator sees the instances of alarms it is a recipient of.
     */
    CompletableFuture<ApiResponse> history(ConsoleCall call) {
        AlarmHistoryQuery q = AlarmHistoryQuery.parse(call::param, entities);
        UUID me = entities.userGuid(call.user());
        boolean admin = call.admin();
        return CompletableFuture.supplyAsync(
                () -> {
                    List<Alarm> found = store.history(q.filter(), q.limit()).stream()
                            .filter(a -> admin
                                    || (me != null
                                            && recipients
                                                    .reachDelay(a.getAlarmGuid(), a.getForwardedRecipients(), me)
                                                    .isPresent()))
                            .toList();
                    Map<Long, List<ChangeView>> changes = new LinkedHashMap<>();
                    for (AlarmStore.HistoryLine l : store.changesOf(
                            found.stream().map(Alarm::getInstanceId).toList())) {
                        changes.computeIfAbsent(l.instanceId(), k -> new ArrayList<>())
                                .add(new ChangeView(
                                        l.changeId(),
                                        l.kind().name(),
                                        Instant.ofEpochMilli(l.atMillis()).toString(),
                                        l.by(),
                                        l.rule()));
                    }
                    List<PastView> out = found.stream()
                            .map(a -> new PastView(views.alarm(a), changes.getOrDefault(a.getInstanceId(), List.of())))
                            .toList();
                    return ConsoleJson.ok(Map.of("instances", out));
                },
                blocking);
    }
}
