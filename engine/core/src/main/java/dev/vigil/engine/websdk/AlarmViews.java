package dev.vigil.engine.websdk;

import dev.vigil.engine.alarm.Alarm;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.entity.EventTypes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Web SDK's shapes of an alarm instance, field for field as the seed shows them:
 * {@code /activealarms} (full) and {@code GetActiveAlarms()} (legacy names). Pure functions.
 */
public final class AlarmViews {
    static final String ZERO = "00000000-0000-0000-0000-000000000000";
    /** The reason code the Web SDK reports on an alarm nobody acknowledged yet. */
    static final int ACK_REASON_NONE = 28673;
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String LEGACY_EMPTY_TIME = "0001-01-01T00:00:00Z";
    private static final String ARRAYS_NS = " xmlns:a=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityRegistry entities;

    public AlarmViews(EntityRegistry entities) {
        this.entities = entities;
    }

    public static String time(Instant t) {
        return t == null ? null : MILLIS.format(t);
    }

    /** The {@code /activealarms} item. */
    public Map<String, Object> full(Alarm a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("InstanceID", a.getInstanceId());
        m.put("Guid", a.getAlarmGuid().toString());
        m.put("TriggerTime", time(a.getTriggerTime()));
        m.put("TriggerEntity", a.getSourceGuid().toString());
        m.put("TriggerEvent", triggerEventId(a));
        m.put("TriggerEventSubType", 0);
        m.put("CreationTime", time(a.getCreationTime()));
        m.put("AckTime", time(a.getAckTime()));
        m.put("AckBy", userGuid(a.getAckBy()));
        m.put("AckByString", a.getAckBy());
        m.put("AckReason", ackReason(a));
        m.put("ExternalInstanceID", -1);
        m.put("OfflinePeriod", 0);
        m.put("State", a.getState().code());
        m.put("InvestigatedBy", userGuid(a.getInvestigatedBy()));
        m.put("InvestigatedTime", time(a.getInvestigatedTime()));
        m.put("HasSourceCondition", a.getAckConditionId() != 0);
        m.put("DynamicContent", dynamicContentXml(a));
        m.put("Priority", a.getPriority());
        m.put("Latitude", a.getLatitude());
        m.put("Longitude", a.getLongitude());
        m.put("DynamicContextBy", userGuid(a.getContextBy()));
        m.put("DynamicContextByString", isUser(a.getContextBy()) ? a.getContextBy() : null);
        m.put("SourceDynamicContextBy", ZERO);
        m.put("SourceDynamicContextByString", null);
        m.put("SourceAckBy", ZERO);
        m.put("SourceAckByString", null);
        m.put("ForwardInformation", forwardInformation(a));
        return m;
    }

    /** The legacy {@code GetActiveAlarms()} item. */
    public Map<String, Object> legacy(Alarm a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("InstanceID", a.getInstanceId());
        m.put("Alarm", a.getAlarmGuid().toString());
        m.put("TriggerEntity", a.getSourceGuid().toString());
        m.put("TriggerEvent", triggerEventId(a));
        m.put("TriggerTime", time(a.getTriggerTime()));
        m.put("AckedTime", a.getAckTime() == null ? LEGACY_EMPTY_TIME : time(a.getAckTime()));
        m.put("AckedBy", userGuid(a.getAckBy()));
        m.put("CreationTime", time(a.getCreationTime()));
        m.put("OfflinePeriod", 0);
        m.put("AckReason", ackReason(a));
        m.put("ExternalInstanceID", -1);
        m.put("InvestigatedBy", userGuid(a.getInvestigatedBy()));
        m.put("InvestigatedTime", a.getInvestigatedTime() == null ? LEGACY_EMPTY_TIME : time(a.getInvestigatedTime()));
        m.put("State", a.getState().code());
        m.put("HasSourceCondition", a.getAckConditionId() != 0);
        m.put("Priority", a.getPriority());
        m.put("DynamicContext", a.getContext());
        return m;
    }

    private static int triggerEventId(Alarm a) {
        return EventTypes.find(a.getTriggerEvent()).map(EventTypes.EventType::id).filter(id -> id > 0).orElse(1);
    }

    private static int ackReason(Alarm a) {
        if (a.getAckTime() == null) {
            return ACK_REASON_NONE;
        }
        return "Nack".equalsIgnoreCase(a.getAckType()) ? 2 : 1;
    }

    private boolean isUser(String name) {
        return name != null && !name.equals("rules");
    }

    private String userGuid(String name) {
        if (name == null) {
            return ZERO;
        }
        for (Entity e : entities.ofType(EntityType.User)) {
            if (e.name().equals(name)) {
                return e.guid().toString();
            }
        }
        return ZERO;
    }

    /** The DataContract XML the real server stores for DynamicAlarmContent. */
    static String dynamicContentXml(Alarm a) {
        StringBuilder x = new StringBuilder("<DynamicContent xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">");
        guidArray(x, "AttachedEntities", a.getAttachedEntities());
        x.append("<Context>").append(escapeXml(a.getContext())).append("</Context>");
        guidArray(x, "ForwardedRecipients", a.getForwardedRecipients());
        x.append("<Priority>").append(a.getContentPriority()).append("</Priority>");
        if (a.getUrls().isEmpty()) {
            x.append("<Urls").append(ARRAYS_NS).append(" />");
        } else {
            x.append("<Urls").append(ARRAYS_NS).append('>');
            for (String u : a.getUrls()) {
                x.append("<a:string>").append(escapeXml(u)).append("</a:string>");
            }
            x.append("</Urls>");
        }
        return x.append("</DynamicContent>").toString();
    }

    private static void guidArray(StringBuilder x, String name, List<UUID> guids) {
        if (guids.isEmpty()) {
            x.append('<').append(name).append(ARRAYS_NS).append(" />");
            return;
        }
        x.append('<').append(name).append(ARRAYS_NS).append('>');
        for (UUID g : guids) {
            x.append("<a:guid>").append(g).append("</a:guid>");
        }
        x.append("</").append(name).append('>');
    }

    /** Element text as .NET's XmlWriter writes it: only {@code < > &} escaped, so quotes stay literal. */
    static String escapeXml(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private String forwardInformation(Alarm a) {
        List<Alarm.Forward> forwards = a.getForwards();
        if (forwards.isEmpty() && !a.getForwardedRecipients().isEmpty()) {
            // an instance stored before forwards were recorded one by one
            forwards = List.of(new Alarm.Forward(a.getContextBy(), a.getForwardedRecipients(), a.getLastTriggerTime()));
        }
        if (forwards.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> list = new java.util.ArrayList<>();
        for (Alarm.Forward f : forwards) {
            Map<String, Object> forward = new LinkedHashMap<>();
            forward.put("ForwardedBy", userGuid(f.by()));
            forward.put("ForwardedByString", f.by());
            forward.put("ForwardedTo", f.to().stream().map(UUID::toString).toList());
            forward.put("ForwardedToString", f.to().stream()
                    .map(g -> entities.get(g).map(Entity::name).orElse(g.toString())).toList());
            forward.put("ForwardedTime", time(f.at()));
            list.add(forward);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("ForwardCount", list.size());
        info.put("Forwards", list);
        try {
            return JSON.writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
