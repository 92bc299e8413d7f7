package dev.vigil.engine.websdk;

import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRefs;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.entity.EventTypes;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.stream.SubscriptionSpec;
import dev.vigil.engine.websdk.query.QueryNode;
import dev.vigil.engine.websdk.query.QueryParser;
import dev.vigil.engine.websdk.query.QueryValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code q=event(source,EventType),event(...)} of the subscribe and unsubscribe requests.
 * The source is an entity (GUID, braced GUID, {@code LogicalID(Type,N)}) or an entity type name.
 * Every item is checked before any is applied, so a bad item changes nothing.
 */
public final class SubscriptionQuery {
    private SubscriptionQuery() {}

    public static List<SubscriptionSpec> parse(String q, EntityRegistry entities) {
        if (q == null) {
            throw new RefusedException(
                    ErrorCode.INVALID_REQUEST, "missing q= parameter, e.g. q=event(Camera,CameraMotion)");
        }
        List<SubscriptionSpec> specs = new ArrayList<>();
        for (QueryNode.Call call : QueryParser.parseCalls(q)) {
            if (!call.name().equalsIgnoreCase("event")) {
                throw new RefusedException(
                        ErrorCode.INVALID_QUERY,
                        "at position " + call.position() + ": expected event(source,EventType), found " + call.name()
                                + "(...)");
            }
            if (call.args().size() != 2) {
                throw new RefusedException(
                        ErrorCode.INVALID_ARGUMENT_COUNT,
                        "at position " + call.position() + ": event(...) takes a source and an event type, got "
                                + call.args().size() + " argument(s)");
            }
            String typeText = QueryValues.text(call.args().get(1));
            EventTypes.EventType type = EventTypes.find(typeText)
                    .orElseThrow(() -> new RefusedException(
                            ErrorCode.UNKNOWN_EVENT_TYPE, "unknown event type '" + typeText + "'"));
            specs.add(source(call.args().get(0), type, entities));
        }
        return specs;
    }

    private static SubscriptionSpec source(QueryNode n, EventTypes.EventType type, EntityRegistry entities) {
        String text = QueryValues.refText(n);
        Optional<EntityType> entityType = n instanceof QueryNode.Atom ? EntityType.parse(text) : Optional.empty();
        if (entityType.isPresent()) {
            requireRaisedBy(type, entityType.get(), text);
            return new SubscriptionSpec(null, entityType.get(), type.name());
        }
        Entity e;
        try {
            e = entities.find(EntityRefs.parse(text))
                    .orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_ENTITY, "unknown entity " + text));
        } catch (IllegalArgumentException bad) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE,
                    "'" + text + "' is neither an entity type, a GUID nor " + "LogicalID(Type,N)");
        }
        requireRaisedBy(type, e.type(), e.logicalRef());
        return new SubscriptionSpec(e.guid(), null, type.name());
    }

    private static void requireRaisedBy(EventTypes.EventType type, EntityType entityType, String source) {
        if (!type.raisedBy().contains(entityType)) {
            throw new RefusedException(
                    ErrorCode.INVALID_EVENT_FOR_ENTITY,
                    "event type " + type.name() + " is not raised by a " + entityType + " (" + source
                            + "); it is raised by " + type.raisedBy());
        }
    }
}
