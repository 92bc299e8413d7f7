package dev.vigil.engine.websdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.engine.alarm.AckType;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * The Web SDK's shapes of an alarm instance, field for field as the seed shows them:
 * {@code /activealarms} (full) and {@code GetActiveAlarms()} (legacy names). Pure functions.
 */
public final class AlarmViews {
    static final String ZERO = "00000000-0000-0000-0000-000000000000";
    /** The reason code the Web SDK reports on an alarm nobody acknowledged yet. */
    static final int ACK_REASON_NONE = 28673;

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String LEGACY_EMPTY_TIME = "0001-01-01T00:00:00Z";
    private static final String ARRAYS_NS = " xmlns:a=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\"";

    private final EntityRegistry entities;

    public AlarmViews(EntityRegistry entities) {
        this.entities = entities;
    }

    public static String time(Instant t) {
        return t == null ? null : MILLIS.format(t);
    }

    /** The {@code /activealarms} item, field for field as the seed. */
    record FullView(
            long instanceID,
            String guid,
            String triggerTime,
            String triggerEntity,
            int triggerEvent,
            int triggerEventSubType,
            String creationTime,
            String ackTime,
            String ackBy,
            String ackByString,
            int ackReason,
            int externalInstanceID,
            int offlinePeriod,
            int state,
            String investigatedBy,
            String investigatedTime,
            boolean hasSourceCondition,
            String dynamicContent,
            int priority,
            Double latitude,
            Double longitude,
            String dynamicContextBy,
            String dynamicContextByString,
            String sourceDynamicContextBy,
            String sourceDynamicContextByString,
            String sourceAckBy,
            String sourceAckByString,
            String forwardInformation) {}

    /** The legacy {@code GetActiveAlarms()} item: other names, no {@code *String} fields. */
    record LegacyView(
            long instanceID,
            String alarm,
            String triggerEntity,
            int triggerEvent,
            String triggerTime,
            String ackedTime,
            String ackedBy,
            String creationTime,
            int offlinePeriod,
            int ackReason,
            int externalInstanceID,
            String investigatedBy,
            String investigatedTime,
            int state,
            boolean hasSourceCondition,
            int priority,
            String dynamicContext) {}

    /** {@code ForwardInformation}, which the seed carries as a JSON string inside the JSON. */
    record ForwardInformation(int forwardCount, List<ForwardView> forwards) {}

    record ForwardView(
            String forwardedBy,
            String forwardedByString,
            List<String> forwardedTo,
            List<String> forwardedToString,
            String forwardedTime) {}

    public FullView full(Alarm a) {
        return new FullView(
                a.getInstanceId(),
                a.getAlarmGuid().toString(),
                time(a.getTriggerTime()),
                a.getSourceGuid().toString(),
                triggerEventId(a),
                0,
                time(a.getCreationTime()),
                time(a.getAckTime()),
                userGuid(a.getAckBy()),
                a.getAckBy(),
                ackReason(a),
                -1,
                0,
                a.getState().code(),
                userGuid(a.getInvestigatedBy()),
                time(a.getInvestigatedTime()),
                a.getAckConditionId() != 0,
                dynamicContentXml(a),
                a.getPriority(),
                a.getLatitude(),
                a.getLongitude(),
                userGuid(a.getContextBy()),
                isUser(a.getContextBy()) ? a.getContextBy() : null,
                ZERO,
                null,
                ZERO,
                null,
                forwardInformation(a));
    }

    public LegacyView legacy(Alarm a) {
        return new LegacyView(
                a.getInstanceId(),
                a.getAlarmGuid().toString(),
                a.getSourceGuid().toString(),
                triggerEventId(a),
                time(a.getTriggerTime()),
                a.getAckTime() == null ? LEGACY_EMPTY_TIME : time(a.getAckTime()),
                userGuid(a.getAckBy()),
                time(a.getCreationTime()),
                0,
                ackReason(a),
                -1,
                userGuid(a.getInvestigatedBy()),
                a.getInvestigatedTime() == null ? LEGACY_EMPTY_TIME : time(a.getInvestigatedTime()),
                a.getState().code(),
                a.getAckConditionId() != 0,
                a.getPriority(),
                a.getContext());
    }

    private static int triggerEventId(Alarm a) {
        int id = WebSdkEventIds.of(a.getTriggerEvent());
        return id > 0 ? id : 1;
    }

    private static int ackReason(Alarm a) {
        if (a.getAckTime() == null) {
            return ACK_REASON_NONE;
        }
        return a.getAckType() == AckType.NACK ? 2 : 1;
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
        List<ForwardView> list = forwards.stream()
                .map(f -> new ForwardView(
                        userGuid(f.by()),
                        f.by(),
                        f.to().stream().map(UUID::toString).toList(),
                        f.to().stream()
                                .map(g -> entities.get(g).map(Entity::name).orElse(g.toString()))
                                .toList(),
                        time(f.at())))
                .toList();
        ForwardInformation info = new ForwardInformation(list.size(), list);
        try {
            return Envelope.JSON.writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
