package dev.vigil.plugins.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.AlarmChange;
import dev.vigil.api.AlarmSnapshot;
import dev.vigil.api.EntityInfo;
import dev.vigil.api.Event;
import dev.vigil.api.PluginContext;
import dev.vigil.api.SinkItem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An event or alarm change as the JSON object the sink publishes, and the fields its topic
 * templates can name ({@code {type}}, {@code {sourceName}}, {@code {alarmName}}, ...).
 */
final class Payloads {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> TOPIC_FIELDS = Set.of(
            "kind",
            "type",
            "source",
            "sourceName",
            "sourceType",
            "alarm",
            "alarmName",
            "instanceId",
            "state",
            "change",
            "priority");

    private final PluginContext context;

    Payloads(PluginContext context) {
        this.context = context;
    }

    record Message(Map<String, String> fields, byte[] json) {}

    Message of(SinkItem item) {
        Map<String, String> f = new LinkedHashMap<>();
        ObjectNode o = JSON.createObjectNode();
        o.put("key", item.key());
        if (item.isEvent()) {
            Event e = item.event();
            f.put("kind", "event");
            f.put("type", e.getType());
            o.put("kind", "event");
            o.put("sequence", e.getSequence());
            o.put("type", e.getType());
            source(f, o, e.getSource(), e.getSourceType());
            o.put("timestamp", e.getTimestamp().toString());
            o.put("origin", e.getOrigin());
            ObjectNode props = o.putObject("properties");
            e.getProperties().forEach(props::put);
            if (e.getPayload() != null && !e.getPayload().isEmpty()) {
                o.put("payload", e.getPayload());
            }
        } else {
            AlarmChange c = item.change();
            AlarmSnapshot a = c.alarm();
            f.put("kind", "alarm");
            f.put("alarm", a.alarm().toString());
            f.put("alarmName", a.alarmName() == null ? "" : a.alarmName());
            f.put("instanceId", Long.toString(a.instanceId()));
            f.put("state", a.state().name());
            f.put("change", c.kind().name());
            f.put("priority", Integer.toString(a.priority()));
            o.put("kind", "alarm");
            o.put("changeId", c.changeId());
            o.put("change", c.kind().name());
            o.put("at", c.at().toString());
            o.put("instanceId", a.instanceId());
            o.put("alarm", a.alarm().toString());
            o.put("alarmName", a.alarmName());
            o.put("state", a.state().name());
            o.put("priority", a.priority());
            source(f, o, a.source(), "");
            o.put("context", a.context());
            ArrayNode attached = o.putArray("attached");
            for (UUID g : a.attachedEntities()) {
                ObjectNode one = attached.addObject();
                one.put("guid", g.toString());
                context.entity(g).ifPresent(info -> {
                    one.put("name", info.name());
                    if (!info.streamUri().isEmpty()) {
                        one.put("streamUri", info.streamUri());
                    }
                });
            }
            o.put("triggerCount", a.triggerCount());
            o.put("rule", a.rule());
            if (a.triggerTime() != null) {
                o.put("triggerTime", a.triggerTime().toString());
            }
            if (a.ackTime() != null) {
                o.put("ackTime", a.ackTime().toString());
            }
        }
        try {
            return new Message(f, JSON.writeValueAsBytes(o));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + item.key() + " as JSON", e);
        }
    }

    private void source(Map<String, String> f, ObjectNode o, UUID source, String type) {
        String guid = source == null ? "" : source.toString();
        EntityInfo info = source == null ? null : context.entity(source).orElse(null);
        String name = info == null || info.name().isEmpty() ? guid : info.name();
        String sourceType = info != null ? info.type() : type == null ? "" : type;
        f.put("source", guid);
        f.put("sourceName", name);
        f.put("sourceType", sourceType);
        o.put("source", guid);
        o.put("sourceName", name);
        o.put("sourceType", sourceType);
    }

    /** A value placed in a topic level must not add levels or wildcards. */
    static String topicLevel(String value) {
        return value.replace('/', '_').replace('+', '_').replace('#', '_');
    }
}
