package dev.vigil.engine.websdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.Event;
import dev.vigil.engine.stream.CustomEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever text an event carries, its stream part is one well-framed JSON document that says the same. */
class StreamPartsProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAD = "Content-type: text/json\r\n\r\n";
    private static final String TAIL = "\r\n--GENETECBOUNDARY\r\n";

    @Property(tries = 1000)
    void hostileTextNeverBreaksTheFraming(
            @ForAll String message, @ForAll String payload, @ForAll String key, @ForAll String value) throws Exception {
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put(CustomEvents.ID, "12345");
        props.put(CustomEvents.MESSAGE, message + "\r\n--GENETECBOUNDARY\r\n");
        if (!key.isEmpty() && !props.containsKey(key)) {
            props.put(key, value);
        }
        Event e = Event.builder()
                .sequence(1)
                .type(CustomEvents.TYPE)
                .source(UUID.randomUUID())
                .sourceType("Camera")
                .timestamp(Instant.parse("2026-03-15T11:05:44.3322672Z"))
                .properties(props)
                .payload(payload)
                .build();
        String part = new String(StreamParts.INSTANCE.event(e), StandardCharsets.UTF_8);

        assertThat(part).startsWith(HEAD).endsWith(TAIL);
        String body = part.substring(HEAD.length(), part.length() - TAIL.length());
        assertThat(body).doesNotContain(TAIL).doesNotContain("\r").doesNotContain("\n");
        JsonNode event = JSON.readTree(body).at("/Rsp/Result/Event");
        assertThat(event.get("Message").asText()).isEqualTo(message + "\r\n--GENETECBOUNDARY\r\n");
        assertThat(event.get("Payload").asText()).isEqualTo(payload);
        assertThat(event.get("CustomEventId").asInt()).isEqualTo(12345);
        if (!key.isEmpty() && !key.equals(CustomEvents.ID) && !key.equals(CustomEvents.MESSAGE)) {
            assertThat(event.at("/Properties").get(key).asText()).isEqualTo(value);
        }
        assertThat(JSON.readTree(body).at("/Rsp/Result/Timestamp").asText()).isEqualTo("2026-03-15T11:05:44.3322672Z");
    }
}
