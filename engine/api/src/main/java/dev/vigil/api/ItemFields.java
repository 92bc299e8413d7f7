package dev.vigil.api;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An event or alarm change as named text fields, entity names looked up in the site: what a mail
 * template, a sheet's header row or a topic can name. Events also carry the Camlytics webhook
 * parameters ({@code event-type}, {@code event-channelName}, ...), so a sheet laid out for the
 * Camlytics recipe fills in unchanged. {@link #NAMES} lists every field; a field that does not apply
 * (an alarm's {@code state} for an event) is empty.
 */
public final class ItemFields {
    public static final Set<String> NAMES = Set.of(
            "event-type",
            "event-objectId",
            "event-ruleId",
            "event-origin",
            "event-channelId",
            "event-channelName",
            "event-time",
            "event-ruleName",
            "kind",
            "change",
            "alarmName",
            "alarm",
            "instanceId",
            "state",
            "priority",
            "context",
            "triggerCount",
            "triggerTime",
            "attached",
            "urls",
            "type",
            "sequence",
            "origin",
            "properties",
            "source",
            "sourceName",
            "sourceType",
            "time",
            "key",
            "rule");

    private final PluginContext context;
    private final ZoneId zone;
    private final DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    /** @param zone the zone times are written in ({@code 2026-11-30 22:04:21 CET}) */
    public ItemFields(PluginContext context, ZoneId zone) {
        this.context = context;
        this.zone = zone;
    }

    /** Every field of {@link #NAMES} for this item; a field that does not apply is empty, never null. */
    public Map<String, String> of(SinkItem item) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String name : NAMES) {
            f.put(name, "");
        }
        f.put("key", item.key());
        if (item.isEvent()) {
            Event e = item.event();
            f.put("kind", "event");
            f.put("type", e.getType());
            f.put("sequence", Long.toString(e.getSequence()));
            f.put("origin", e.getOrigin() == null ? "" : e.getOrigin());
            f.put(
                    "properties",
                    e.getProperties().entrySet().stream()
                            .map(p -> p.getKey() + "=" + p.getValue())
                            .collect(Collectors.joining(", ")));
            source(f, e.getSource(), e.getSourceType());
            f.put("time", time(e.getTimestamp()));
            f.putAll(CamlyticsNames.webhookParameters(e, context.entity(e.getSource())));
        } else {
            AlarmChange c = item.change();
            AlarmSnapshot a = c.alarm();
            f.put("kind", "alarm");
            f.put("change", words(c.kind().name()));
            f.put("alarmName", a.alarmName() == null ? a.alarm().toString() : a.alarmName());
            f.put("alarm", a.alarm().toString());
            f.put("instanceId", Long.toString(a.instanceId()));
            f.put("state", words(a.state().name()));
            f.put("priority", Integer.toString(a.priority()));
            f.put("context", a.context() == null ? "" : a.context());
            f.put("triggerCount", Integer.toString(a.triggerCount()));
            f.put("rule", a.rule() == null ? "" : a.rule());
            f.put("triggerTime", a.triggerTime() == null ? "" : time(a.triggerTime()));
            source(f, a.source(), "");
            f.put("time", time(c.at()));
            List<String> names = new ArrayList<>();
            List<String> urls = new ArrayList<>();
            for (UUID g : a.attachedEntities()) {
                Optional<EntityInfo> info = context.entity(g);
                names.add(info.map(EntityInfo::name).filter(n -> !n.isEmpty()).orElse(g.toString()));
                info.map(EntityInfo::streamUri).filter(u -> !u.isEmpty()).ifPresent(urls::add);
            }
            f.put("attached", String.join(", ", names));
            f.put("urls", String.join("\n", urls));
        }
        return f;
    }

    private void source(Map<String, String> f, UUID source, String type) {
        if (source == null) {
            f.put("source", "");
            f.put("sourceName", "");
            f.put("sourceType", type == null ? "" : type);
            return;
        }
        Optional<EntityInfo> info = context.entity(source);
        f.put("source", source.toString());
        f.put("sourceName", info.map(EntityInfo::name).filter(n -> !n.isEmpty()).orElse(source.toString()));
        f.put("sourceType", info.map(EntityInfo::type).orElse(type == null ? "" : type));
    }

    private String time(Instant t) {
        return format.format(t.atZone(zone));
    }

    /** SOURCE_CONDITION_CLEARED reads "source condition cleared" in a mail. */
    private static String words(String constant) {
        return constant.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
