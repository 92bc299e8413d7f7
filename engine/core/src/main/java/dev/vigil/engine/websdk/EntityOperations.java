package dev.vigil.engine.websdk;

import dev.vigil.engine.directory.AlarmRecipients;
import dev.vigil.engine.directory.CustomEventCatalog;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRefs;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.entity.EventTypes;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.websdk.query.QueryNode;
import dev.vigil.engine.websdk.query.QueryParseException;
import dev.vigil.engine.websdk.query.QueryParser;
import dev.vigil.engine.websdk.query.QueryValues;
import dev.vigil.engine.websdk.query.TimeSpans;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Web SDK's {@code /entity?q=entity={ref},Item,Item...} requests: properties to read
 * ({@code SupportedEvents}, {@code CustomEvents}...) and methods to run ({@code Recipients.Add(...)},
 * {@code IsRecipient(...)}...). The whole text is parsed and every item checked to be known before
 * any runs; then they run in order, and a failing item leaves the earlier ones applied. Results of
 * the items are merged into one Result object keyed by property or method name.
 */
public final class EntityOperations {
    /** The Security Center system entity, which owns the custom events. */
    public static final UUID SYSTEM = UUID.fromString("00000000-0000-0000-0000-000000000007");

    private static final Pattern DELETE_CUSTOM = Pattern.compile("(?i)CustomEvents-(\\d{1,10})");
    private static final Set<String> PROPERTIES = Set.of(
            "guid",
            "name",
            "entitytype",
            "logicalid",
            "recipients",
            "supportedevents",
            "supportedcustomevents",
            "customevents");
    private static final Set<String> METHODS = Set.of(
            "recipients.add",
            "recipients.remove",
            "recipients.clear",
            "recipients.contains",
            "isrecipient",
            "customevents.add");

    private final EntityRegistry entities;
    private final AlarmRecipients recipients;
    private final CustomEventCatalog customEvents;

    public EntityOperations(EntityRegistry entities, AlarmRecipients recipients, CustomEventCatalog customEvents) {
        this.entities = entities;
        this.recipients = recipients;
        this.customEvents = customEvents;
    }

    /**
     * @param caller the GUID of the calling user's entity (owner of custom events it creates)
     * @throws QueryParseException for malformed text, before anything runs
     */
    public Map<String, Object> run(String q, UUID caller) {
        if (q == null || !q.regionMatches(true, 0, "entity=", 0, 7)) {
            throw new QueryParseException(0, "expected 'entity={guid or LogicalID(Type,N)},...'");
        }
        List<QueryNode> items;
        try {
            items = QueryParser.parseArgs(q.substring(7));
        } catch (QueryParseException e) {
            throw e.shifted(7);
        }
        if (items.size() < 2) {
            throw new QueryParseException(q.length(), "expected ',' and a property or method after the entity");
        }
        Target target = target(items.get(0));
        List<QueryNode> ops = items.subList(1, items.size());
        for (QueryNode op : ops) {
            checkKnown(op);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (QueryNode op : ops) {
            apply(target, op, caller, result);
        }
        return result;
    }

    private record Target(UUID guid, Entity entity) {
        boolean isSystem() {
            return entity == null;
        }
    }

    private Target target(QueryNode n) {
        String text = QueryValues.refText(n);
        EntityRefs.Ref ref;
        try {
            ref = EntityRefs.parse(text);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, e.getMessage());
        }
        if (ref.isGuid() && ref.guid().equals(SYSTEM)) {
            return new Target(SYSTEM, null);
        }
        Entity e = entities.find(ref)
                .orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_ENTITY, "unknown entity " + text));
        return new Target(e.guid(), e);
    }

    private static void checkKnown(QueryNode op) {
        if (op instanceof QueryNode.Atom a) {
            String name = a.text().toLowerCase(Locale.ROOT);
            if (PROPERTIES.contains(name) || DELETE_CUSTOM.matcher(a.text()).matches()) {
                return;
            }
            throw unknown(a.text());
        }
        if (op instanceof QueryNode.Call c && METHODS.contains(c.name().toLowerCase(Locale.ROOT))) {
            return;
        }
        throw unknown(QueryValues.describe(op));
    }

    private static RefusedException unknown(String what) {
        return new RefusedException(
                ErrorCode.UNKNOWN_COMMAND,
                "unknown entity property or method '" + what
                        + "'; known: Name, EntityType, LogicalId, Guid, Recipients, SupportedEvents, SupportedCustomEvents,"
                        + " CustomEvents, CustomEvents-{id}, Recipients.Add/Remove/Clear/Contains, IsRecipient,"
                        + " CustomEvents.Add");
    }

    private void apply(Target t, QueryNode op, UUID caller, Map<String, Object> result) {
        if (op instanceof QueryNode.Atom a) {
            Matcher del = DELETE_CUSTOM.matcher(a.text());
            if (del.matches()) {
                requireSystem(t, a.text());
                customEvents.remove(parseId(del.group(1)));
                return;
            }
            read(t, a.text(), result);
            return;
        }
        QueryNode.Call c = (QueryNode.Call) op;
        List<QueryNode> args = c.args();
        switch (c.name().toLowerCase(Locale.ROOT)) {
            case "recipients.add" -> {
                arity(c, 1, 2);
                Duration delay = args.size() == 2 ? timeSpan(args.get(1)) : Duration.ZERO;
                recipients.add(alarm(t, c), entityGuid(args.get(0)), delay);
            }
            case "recipients.remove" -> {
                arity(c, 1, 1);
                recipients.remove(alarm(t, c), entityGuid(args.get(0)));
            }
            case "recipients.clear" -> {
                arity(c, 0, 0);
                recipients.clear(alarm(t, c));
            }
            case "recipients.contains" -> {
                arity(c, 1, 1);
                result.put("Contains", recipients.contains(alarm(t, c), entityGuid(args.get(0))));
            }
            case "isrecipient" -> {
                arity(c, 1, 1);
                result.put("IsRecipient", recipients.isRecipient(alarm(t, c), entityGuid(args.get(0))));
            }
            case "customevents.add" -> {
                arity(c, 3, 3);
                requireSystem(t, c.name());
                customEvents.add(
                        parseId(QueryValues.text(args.get(0))),
                        QueryValues.text(args.get(1)),
                        QueryValues.text(args.get(2)),
                        caller);
            }
            default -> throw unknown(c.name());
        }
    }

    private void read(Target t, String property, Map<String, Object> result) {
        switch (property.toLowerCase(Locale.ROOT)) {
            case "guid" -> result.put("Guid", t.guid().toString());
            case "name" ->
                result.put("Name", t.isSystem() ? "System" : t.entity().name());
            case "entitytype" ->
                result.put(
                        "EntityType",
                        t.isSystem() ? "SystemConfiguration" : t.entity().type().name());
            case "logicalid" ->
                result.put("LogicalId", t.isSystem() ? null : t.entity().logicalId());
            case "recipients" ->
                result.put(
                        "Recipients",
                        recipients.of(alarmGuid(t, "Recipients")).stream()
                                .map(r -> new RecipientView(r.guid().toString(), TimeSpans.format(r.forwardDelay())))
                                .toList());
            case "supportedevents" ->
                result.put(
                        "SupportedEvents",
                        t.isSystem()
                                ? List.of()
                                : EventTypes.all().stream()
                                        .filter(e ->
                                                e.raisedBy().contains(t.entity().type()))
                                        .map(EventTypes.EventType::name)
                                        .toList());
            case "supportedcustomevents" ->
                result.put(
                        "SupportedCustomEvents",
                        t.isSystem()
                                ? List.of()
                                : customEvents.raisedBy(t.entity().type()).stream()
                                        .map(EntityOperations::customEvent)
                                        .toList());
            case "customevents" -> {
                requireSystem(t, property);
                result.put(
                        "CustomEvents",
                        customEvents.all().stream()
                                .map(EntityOperations::customEvent)
                                .toList());
            }
            default -> throw unknown(property);
        }
    }

    /** One recipient of {@code Recipients}. */
    record RecipientView(String recipient, String forwardDelay) {}

    /** One custom event, as {@code CustomEvents} and {@code SupportedCustomEvents} list them. */
    record CustomEventView(int id, boolean localCustomEvent, String name, String sourceEntityType, String owner) {}

    static CustomEventView customEvent(CustomEventCatalog.CustomEvent c) {
        return new CustomEventView(
                c.id(), true, c.name(), c.sourceType().name(), c.owner().toString());
    }

    private static void requireSystem(Target t, String what) {
        if (!t.isSystem()) {
            throw new RefusedException(
                    ErrorCode.INVALID_OPERATION,
                    what + " belongs to the system entity " + SYSTEM + ", not to "
                            + t.entity().logicalRef());
        }
    }

    private static UUID alarm(Target t, QueryNode.Call c) {
        return alarmGuid(t, c.name());
    }

    private static UUID alarmGuid(Target t, String what) {
        if (t.isSystem() || t.entity().type() != EntityType.Alarm) {
            throw new RefusedException(
                    ErrorCode.INVALID_OPERATION,
                    what + " applies to Alarm entities; "
                            + (t.isSystem() ? "the system entity" : t.entity().logicalRef()) + " is not one");
        }
        return t.guid();
    }

    private UUID entityGuid(QueryNode n) {
        String text = QueryValues.refText(n);
        try {
            return entities.find(EntityRefs.parse(text))
                    .map(Entity::guid)
                    .orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_ENTITY, "unknown entity " + text));
        } catch (IllegalArgumentException e) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, e.getMessage());
        }
    }

    private static Duration timeSpan(QueryNode n) {
        try {
            return TimeSpans.parse(QueryValues.text(n));
        } catch (IllegalArgumentException e) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "at position " + n.position() + ": " + e.getMessage());
        }
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "'" + text + "' is not a custom event id (an integer)");
        }
    }

    private static void arity(QueryNode.Call c, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max) {
            throw new RefusedException(
                    ErrorCode.INVALID_ARGUMENT_COUNT,
                    c.name() + " takes " + (min == max ? String.valueOf(min) : min + " to " + max)
                            + " argument(s), got " + n);
        }
    }
}
