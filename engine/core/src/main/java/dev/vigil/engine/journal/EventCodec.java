package dev.vigil.engine.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.api.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Compact JSON form of an {@link Event} used in the journal (streaming Jackson, no reflection). */
public final class EventCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private EventCodec() {
    }

    public static byte[] encode(Event e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seq", e.getSequence());
            g.writeStringField("type", e.getType());
            g.writeStringField("source", e.getSource().toString());
            g.writeStringField("sourceType", e.getSourceType());
            g.writeNumberField("sec", e.getTimestamp().getEpochSecond());
            g.writeNumberField("nano", e.getTimestamp().getNano());
            g.writeStringField("origin", e.getOrigin());
            if (!e.getProperties().isEmpty()) {
                g.writeObjectFieldStart("props");
                for (Map.Entry<String, String> p : e.getProperties().entrySet()) {
                    g.writeStringField(p.getKey(), p.getValue());
                }
                g.writeEndObject();
            }
            if (e.getPayload() != null) {
                g.writeStringField("payload", e.getPayload());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    public static Event decode(byte[] bytes, int offset, int length) {
        Event.Builder b = Event.builder();
        long sec = 0;
        int nano = 0;
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "seq" -> b.sequence(p.getLongValue());
                    case "type" -> b.type(p.getText());
                    case "source" -> b.source(UUID.fromString(p.getText()));
                    case "sourceType" -> b.sourceType(p.getText());
                    case "sec" -> sec = p.getLongValue();
                    case "nano" -> nano = p.getIntValue();
                    case "origin" -> b.origin(p.getText());
                    case "payload" -> b.payload(p.getText());
                    case "props" -> {
                        expect(value, JsonToken.START_OBJECT);
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            p.nextToken();
                            b.property(name, p.getText());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException ex) {
            throw new IllegalStateException("corrupt journal record: " + ex.getMessage(), ex);
        }
        return b.timestamp(Instant.ofEpochSecond(sec, nano)).build();
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }
}
