package dev.vigil.engine.websdk;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.engine.alarm.AckType;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.alarm.AlarmException;
import dev.vigil.engine.alarm.AlarmService;
import dev.vigil.engine.alarm.TriggerRequest;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRefs;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.websdk.query.QueryNode;
import dev.vigil.engine.websdk.query.QueryParseException;
import dev.vigil.engine.websdk.query.QueryParser;
import dev.vigil.engine.websdk.query.QueryValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the {@code /alarm?q=} method calls against the {@link AlarmService}. Calls run in order;
 * each waits for the previous one to be persisted; a failing call stops the sequence without
 * undoing the earlier ones (as the Web SDK documents). The future's value is the Result object of
 * the last call, in the seed's shape.
 */
public final class AlarmOperations {
    private final AlarmService alarms;
    private final EntityRegistry entities;
    private final AlarmViews views;

    public AlarmOperations(AlarmService alarms, EntityRegistry entities) {
        this.alarms = alarms;
        this.entities = entities;
        this.views = new AlarmViews(entities);
    }

    public AlarmViews views() {
        return views;
    }

    /** {@code TriggerAlarm}'s answer, in the seed's lower case. */
    record TriggerResult(@JsonProperty("alarminstanceid") long alarmInstanceId) {}

    record AcknowledgeResult(@JsonProperty("Acknowledged") boolean acknowledged) {}

    record IsActiveResult(@JsonProperty("IsActive") boolean active) {}

    /** The empty object the seed shows for calls that return nothing. */
    private static final Map<String, Object> NO_RESULT = Map.of();

    /** @throws dev.vigil.engine.websdk.query.QueryParseException for malformed q= text, before anything runs */
    public CompletableFuture<Object> run(String q, String user) {
        List<QueryNode.Call> calls = QueryParser.parseCalls(q);
        for (QueryNode.Call c : calls) {
            if (!KNOWN.contains(c.name().toLowerCase(Locale.ROOT))) {
                throw new AlarmException(
                        ErrorCode.UNKNOWN_METHOD,
                        "unknown alarm method '" + c.name() + "'; known: " + String.join(", ", KNOWN_DISPLAY));
            }
        }
        CompletableFuture<Object> chain = CompletableFuture.completedFuture(null);
        for (QueryNode.Call c : calls) {
            chain = chain.thenCompose(ignored -> one(c, user));
        }
        return chain;
    }

    private static final List<String> KNOWN_DISPLAY = List.of(
            "TriggerAlarm",
            "AcknowledgeAlarm",
            "ForceAcknowledgeAlarm",
            "InvestigateAlarm",
            "ForwardAlarm",
            "EditAlarmContext",
            "ForceAcknowledgeAllAlarms",
            "IsActive",
            "ClearSourceCondition",
            "GetActiveAlarms");
    private static final List<String> KNOWN =
            KNOWN_DISPLAY.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();

    private CompletableFuture<Object> one(QueryNode.Call c, String user) {
        List<QueryNode> a = c.args();
        return switch (c.name().toLowerCase(Locale.ROOT)) {
            case "triggeralarm" -> trigger(c, user);
            case "acknowledgealarm" -> acknowledge(c, user);
            case "forceacknowledgealarm" -> {
                arity(c, 2, 2);
                yield empty(alarms.acknowledge(instanceId(a.get(0)), alarmGuid(a.get(1)), AckType.FORCED, user));
            }
            case "investigatealarm" -> investigate(c, user);
            case "forwardalarm" -> {
                arity(c, 2, 2);
                List<UUID> to = a.get(1) instanceof QueryNode.ListNode l
                        ? l.items().stream().map(this::anyEntityGuid).toList()
                        : List.of(anyEntityGuid(a.get(1)));
                yield empty(alarms.forward(instanceId(a.get(0)), to, user));
            }
            case "editalarmcontext" -> {
                arity(c, 3, 3);
                yield empty(alarms.editContext(instanceId(a.get(0)), alarmGuid(a.get(1)), text(a.get(2)), user));
            }
            case "forceacknowledgeallalarms" -> {
                arity(c, 0, 0);
                List<CompletableFuture<Alarm>> all = new ArrayList<>();
                for (Alarm al : alarms.active()) {
                    try {
                        all.add(alarms.acknowledge(al.getInstanceId(), null, AckType.FORCED, user));
                    } catch (AlarmException gone) {
                        // acknowledged meanwhile by someone else: nothing left to do for it
                    }
                }
                yield allEmpty(all);
            }
            case "isactive" -> {
                arity(c, 1, 1);
                yield CompletableFuture.completedFuture(new IsActiveResult(alarms.isActive(alarmGuid(a.get(0)))));
            }
            case "clearsourcecondition" -> {
                arity(c, 2, 2);
                yield allEmpty(
                        alarms.clearSourceCondition(anyEntityGuid(a.get(0)), integer(a.get(1), "condition id"), user));
            }
            case "getactivealarms" -> {
                arity(c, 0, 0);
                yield CompletableFuture.completedFuture(
                        alarms.active().stream().map(views::legacy).toList());
            }
            default -> throw new AlarmException(ErrorCode.UNKNOWN_METHOD, "unknown alarm method '" + c.name() + "'");
        };
    }

    private CompletableFuture<Object> trigger(QueryNode.Call c, String user) {
        arity(c, 1, 4);
        List<QueryNode> a = c.args();
        UUID alarm = alarmGuid(a.get(0));
        UUID source = a.size() > 1 ? anyEntityGuid(a.get(1)) : null;
        String context = "";
        int priority = 0;
        List<UUID> attached = List.of();
        List<UUID> forwarded = List.of();
        List<String> urls = List.of();
        int ackCondition = 0;
        boolean userAckRequired = false;
        Double lat = null;
        Double lon = null;
        for (int i = 2; i < a.size(); i++) {
            QueryNode n = a.get(i);
            if (n instanceof QueryNode.Call call && call.name().equalsIgnoreCase("DynamicAlarmContent")) {
                DynamicContent dc = DynamicContent.parse(call, this::anyEntityGuid);
                context = dc.context();
                priority = dc.priority();
                attached = dc.attachedEntities();
                forwarded = dc.forwardedRecipients();
                urls = dc.urls();
            } else if (n instanceof QueryNode.Call call && call.name().equalsIgnoreCase("GeoCoordinate")) {
                arity(call, 2, 2);
                lat = decimal(call.args().get(0), "latitude", 90);
                lon = decimal(call.args().get(1), "longitude", 180);
            } else if (i == 2) {
                ackCondition = integer(n, "acknowledgement condition id");
            } else if (i == 3 && ackCondition != 0) {
                userAckRequired = bool(n);
            } else {
                throw bad(n, "unexpected TriggerAlarm argument '" + describe(n) + "'");
            }
        }
        TriggerRequest req = new TriggerRequest(
                alarm,
                source,
                "ManualAction",
                context,
                priority,
                attached,
                forwarded,
                urls,
                ackCondition,
                userAckRequired,
                lat,
                lon,
                user);
        return alarms.trigger(req).thenApply(al -> {
            return new TriggerResult(al.getInstanceId());
        });
    }

    private CompletableFuture<Object> acknowledge(QueryNode.Call c, String user) {
        arity(c, 2, 3);
        List<QueryNode> a = c.args();
        AckType type = ackType(a.get(a.size() - 1));
        List<CompletableFuture<Alarm>> done = new ArrayList<>();
        if (a.size() == 3) {
            done.add(alarms.acknowledge(instanceId(a.get(0)), alarmGuid(a.get(1)), type, user));
        } else if (a.get(0) instanceof QueryNode.ListNode list) {
            for (QueryNode item : list.items()) {
                if (item instanceof QueryNode.ListNode pair) {
                    if (pair.items().size() != 2) {
                        throw bad(pair, "each pair must be {instance-id,alarm-guid}");
                    }
                    done.add(alarms.acknowledge(
                            instanceId(pair.items().get(0)),
                            alarmGuid(pair.items().get(1)),
                            type,
                            user));
                } else {
                    done.add(alarms.acknowledge(instanceId(item), null, type, user));
                }
            }
        } else {
            done.add(alarms.acknowledge(instanceId(a.get(0)), null, type, user));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                .thenApply(v -> new AcknowledgeResult(true));
    }

    private CompletableFuture<Object> investigate(QueryNode.Call c, String user) {
        arity(c, 1, 2);
        List<QueryNode> a = c.args();
        List<CompletableFuture<Alarm>> done = new ArrayList<>();
        if (a.size() == 2) {
            done.add(alarms.investigate(instanceId(a.get(0)), alarmGuid(a.get(1)), user));
        } else if (a.get(0) instanceof QueryNode.ListNode list) {
            for (QueryNode item : list.items()) {
                if (!(item instanceof QueryNode.ListNode pair) || pair.items().size() != 2) {
                    throw bad(item, "each item must be a pair {instance-id,alarm-guid}");
                }
                done.add(alarms.investigate(
                        instanceId(pair.items().get(0)), alarmGuid(pair.items().get(1)), user));
            }
        } else {
            throw bad(a.get(0), "InvestigateAlarm takes (instance-id,alarm-guid) or {{id,guid},...}");
        }
        return allEmpty(done);
    }

    private static CompletableFuture<Object> empty(CompletableFuture<Alarm> f) {
        return f.thenApply(x -> NO_RESULT);
    }

    private static CompletableFuture<Object> allEmpty(List<CompletableFuture<Alarm>> all) {
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> NO_RESULT);
    }

    private static void arity(QueryNode.Call c, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max) {
            throw new AlarmException(
                    ErrorCode.INVALID_ARGUMENT_COUNT,
                    c.name() + " at position " + c.position() + " takes "
                            + (min == max ? String.valueOf(min) : min + " to " + max) + " argument(s), got " + n);
        }
    }

    private long instanceId(QueryNode n) {
        String t = text(n);
        try {
            long id = Long.parseLong(t);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw bad(n, "'" + t + "' is not an alarm instance id (a positive integer)");
    }

    private UUID alarmGuid(QueryNode n) {
        Entity e = entity(n);
        if (e.type() != EntityType.Alarm) {
            throw bad(n, describe(n) + " is a " + e.type() + ", not an Alarm");
        }
        return e.guid();
    }

    private UUID anyEntityGuid(QueryNode n) {
        String t = refText(n);
        EntityRefs.Ref ref = parseRef(n, t);
        if (ref.isGuid() && ref.guid().equals(EntityRefs.NONE)) {
            return EntityRefs.NONE;
        }
        return entities.find(ref)
                .map(Entity::guid)
                .orElseThrow(() -> new AlarmException(ErrorCode.UNKNOWN_ENTITY, "unknown entity " + t));
    }

    private Entity entity(QueryNode n) {
        String t = refText(n);
        return entities.find(parseRef(n, t))
                .orElseThrow(() -> new AlarmException(ErrorCode.UNKNOWN_ENTITY, "unknown entity " + t));
    }

    private EntityRefs.Ref parseRef(QueryNode n, String t) {
        try {
            return EntityRefs.parse(t);
        } catch (IllegalArgumentException e) {
            throw bad(n, e.getMessage());
        }
    }

    private String refText(QueryNode n) {
        if (n instanceof QueryNode.Call) {
            try {
                return QueryValues.refText(n);
            } catch (QueryParseException e) {
                throw bad(n, "expected a single value, found " + describe(n));
            }
        }
        return text(n);
    }

    private String text(QueryNode n) {
        if (n instanceof QueryNode.Atom atom) {
            return atom.text();
        }
        throw bad(n, "expected a single value, found " + describe(n));
    }

    private int integer(QueryNode n, String what) {
        String t = text(n);
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw bad(n, "'" + t + "' is not a valid " + what + " (an integer)");
        }
    }

    private double decimal(QueryNode n, String what, double limit) {
        String t = text(n);
        try {
            double v = Double.parseDouble(t);
            if (Double.isFinite(v) && Math.abs(v) <= limit) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw bad(n, "'" + t + "' is not a valid " + what + " (decimal degrees within ±" + (int) limit + ")");
    }

    private boolean bool(QueryNode n) {
        String t = text(n);
        if (t.equalsIgnoreCase("true") || t.equals("1")) {
            return true;
        }
        if (t.equalsIgnoreCase("false") || t.equals("0")) {
            return false;
        }
        throw bad(n, "'" + t + "' is not true or false");
    }

    private AckType ackType(QueryNode n) {
        String t = text(n);
        if (t.equalsIgnoreCase("Ack")) {
            return AckType.ACK;
        }
        if (t.equalsIgnoreCase("Nack")) {
            return AckType.NACK;
        }
        throw bad(n, "acknowledgement type must be Ack or Nack, not '" + t + "'");
    }

    private static String describe(QueryNode n) {
        return QueryValues.describe(n);
    }

    static AlarmException bad(QueryNode n, String message) {
        return new AlarmException(ErrorCode.INVALID_VALUE, "at position " + n.position() + ": " + message);
    }
}
