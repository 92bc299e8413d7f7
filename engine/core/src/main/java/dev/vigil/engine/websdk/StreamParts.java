package dev.vigil.engine.websdk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.api.Event;
import dev.vigil.engine.alarm.AckType;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.stream.CustomEvents;
import dev.vigil.engine.stream.PartEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * The bytes of the real-time stream, framed as the Web SDK frames them: the {@code HTTP/1.0 200}
 * head, then parts that each start with their own {@code Content-type: text/json} header and end
 * with the {@code --GENETECBOUNDARY} line. (The boundary parameter says {@code --GENETECBOUNDARY}
 * and the lines carry exactly that text, as the real server sends them; clients split on it.)
 */
public final class StreamParts implements PartEncoder {
    /** The one encoder; it holds no state. */
    public static final StreamParts INSTANCE = new StreamParts();

    public static final String BOUNDARY_LINE = "--GENETECBOUNDARY";
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] PART_HEAD = "Content-type: text/json\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PART_TAIL = ("\r\n" + BOUNDARY_LINE + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final String ZERO = new UUID(0, 0).toString();
    private static final DateTimeFormatter TICKS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private StreamParts() {}

    /** The response head and the first boundary line, sent once when a stream opens. */
    public static byte[] head(String connectionId) {
        return ("HTTP/1.0 200 OK\r\n"
                        + "Expires: Thu, 1 Jan 1998 00:00:00 GMT\r\n"
                        + "ConnectionId: " + connectionId + "\r\n"
                        + "Content-type: multipart/mixed; boundary=" + BOUNDARY_LINE + "\r\n"
                        + "\r\n"
                        + BOUNDARY_LINE + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] event(Event e) {
        return part(g -> {
            g.writeObjectFieldStart("Event");
            g.writeStringField("Condition", "");
            g.writeStringField("VideoEncoderDevice", ZERO);
            g.writeObjectFieldStart("SourceTimeZone");
            g.writeStringField("Id", "UTC");
            g.writeStringField("DisplayName", "(UTC) Coordinated Universal Time");
            g.writeStringField("StandardName", "Coordinated Universal Time");
            g.writeStringField("DaylightName", "Coordinated Universal Time");
            g.writeStringField("BaseUtcOffset", "00:00:00");
            g.writeNullField("AdjustmentRules");
            g.writeBooleanField("SupportsDaylightSavingTime", false);
            g.writeEndObject();
            g.writeNumberField("EventName", WebSdkEventIds.of(e.getType()));
            g.writeNullField("Coordinates");
            g.writeStringField("SourceEntity", e.getSource().toString());
            g.writeStringField("GroupId", ZERO);
            g.writeArrayFieldStart("SourceEntityTypes");
            if (!e.getSourceType().isEmpty()) {
                g.writeString(e.getSourceType());
            }
            g.writeEndArray();
            g.writeStringField("Timestamp", SECONDS.format(e.getTimestamp()));
            g.writeStringField("OfflinePeriod", "None");
            g.writeStringField("Type", e.getType());
            g.writeArrayFieldStart("RelatedEntities");
            g.writeString(e.getSource().toString());
            g.writeEndArray();
            Map<String, String> props = e.getProperties();
            if (CustomEvents.TYPE.equals(e.getType())) {
                String id = props.getOrDefault(CustomEvents.ID, "");
                if (id.matches("\\d{1,9}")) {
                    g.writeNumberField("CustomEventId", Integer.parseInt(id));
                } else {
                    g.writeStringField("CustomEventId", id);
                }
                g.writeStringField("Message", props.getOrDefault(CustomEvents.MESSAGE, ""));
                g.writeStringField("Payload", e.getPayload());
            }
            if (!props.isEmpty()) {
                g.writeObjectFieldStart("Properties");
                for (Map.Entry<String, String> p : props.entrySet()) {
                    g.writeStringField(p.getKey(), p.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeStringField("EventType", e.getType());
            g.writeStringField("SourceGuid", e.getSource().toString());
            g.writeStringField("Timestamp", TICKS.format(e.getTimestamp()));
            g.writeStringField("GroupId", ZERO);
        });
    }

    /** The seed's {@code AlarmTriggered} part. */
    @Override
    public byte[] alarmTriggered(Alarm a, String sourceName) {
        return part(g -> {
            g.writeObjectFieldStart("AlarmTriggered");
            g.writeStringField("AlarmGuid", a.getAlarmGuid().toString());
            g.writeStringField("CreationTimestamp", TICKS.format(a.getCreationTime()));
            g.writeNumberField("InstanceId", a.getInstanceId());
            g.writeStringField("OfflinePeriod", "None");
            g.writeNumberField("PropagationLevel", 0);
            g.writeBooleanField("HasSourceCondition", a.getAckConditionId() != 0);
            g.writeStringField("SourceGuid", a.getSourceGuid().toString());
            g.writeStringField("SourceName", sourceName);
            g.writeStringField("TriggerEvent", a.getTriggerEvent());
            g.writeStringField("TriggerTimestamp", TICKS.format(a.getTriggerTime()));
            g.writeObjectFieldStart("DynamicAlarmContent");
            g.writeArrayFieldStart("AttachedEntities");
            for (UUID u : a.getAttachedEntities()) {
                g.writeString(u.toString());
            }
            g.writeEndArray();
            g.writeStringField("Context", a.getContext());
            g.writeArrayFieldStart("ForwardedRecipients");
            for (UUID u : a.getForwardedRecipients()) {
                g.writeString(u.toString());
            }
            g.writeEndArray();
            g.writeNumberField("Priority", a.getContentPriority());
            g.writeArrayFieldStart("Urls");
            for (String u : a.getUrls()) {
                g.writeString(u);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** {@code AlarmAcknowledge}: who acknowledged which instance, when, and how (Ack, Nack). */
    @Override
    public byte[] alarmAcknowledged(Alarm a, UUID ackedBy, boolean forced) {
        return part(g -> {
            g.writeObjectFieldStart("AlarmAcknowledge");
            g.writeStringField("AlarmGuid", a.getAlarmGuid().toString());
            g.writeNumberField("InstanceId", a.getInstanceId());
            g.writeStringField("SourceGuid", a.getSourceGuid().toString());
            g.writeStringField("AckedBy", (ackedBy == null ? new UUID(0, 0) : ackedBy).toString());
            g.writeStringField("AckedByName", a.getAckBy() == null ? "" : a.getAckBy());
            g.writeStringField(
                    "AckTime", TICKS.format(a.getAckTime() == null ? a.getLastTriggerTime() : a.getAckTime()));
            g.writeStringField("AckType", a.getAckType() == AckType.NACK ? "Nack" : "Ack");
            g.writeBooleanField("Forced", forced);
            g.writeStringField("OfflinePeriod", "None");
            g.writeEndObject();
        });
    }

    public static byte[] keepAlive(Instant now) {
        return part(g -> {
            g.writeObjectFieldStart("KeepAlive");
            g.writeStringField("Timestamp", TICKS.format(now));
            g.writeEndObject();
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] part(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(768);
        out.writeBytes(PART_HEAD);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("Rsp");
            g.writeStringField("Status", "Ok");
            g.writeObjectFieldStart("Result");
            body.write(g);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.writeBytes(PART_TAIL);
        return out.toByteArray();
    }
}
