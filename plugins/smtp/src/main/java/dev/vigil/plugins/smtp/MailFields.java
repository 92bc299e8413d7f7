package dev.vigil.plugins.smtp;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.AlarmSnapshot;
import dev.vigil.api.EntityInfo;
import dev.vigil.api.Event;
import dev.vigil.api.FieldTemplate;
import dev.vigil.api.PluginContext;
import dev.vigil.api.SinkItem;
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

/** The fields a template can name, read off an alarm change or an event, with entity names from the site. */
final class MailFields {
    static final Set<String> NAMES = Set.of(
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
            "link",
            "type",
            "sequence",
            "origin",
            "properties",
            "source",
            "sourceName",
            "sourceType",
            "time",
            "key",
            "site");

    private final PluginContext context;
    private final ZoneId zone;
    private final FieldTemplate link;
    private final String site;
    private final DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    MailFields(PluginContext context, ZoneId zone, FieldTemplate link, String site) {
        this.context = context;
        this.zone = zone;
        this.link = link;
        this.site = site;
    }

    Map<String, String> of(SinkItem item) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("key", item.key());
        f.put("site", site);
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
        f.put("link", link.render(f));
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
