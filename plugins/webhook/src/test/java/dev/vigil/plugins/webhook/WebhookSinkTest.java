package dev.vigil.plugins.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {
    @Test
    void parametersFollowTheUrlsOwnQueryEncodedWithPercentTwenty() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("event-type", "ObjectAppear");
        p.put("event-channelName", "Lobby camera & hall");
        assertThat(WebhookSink.withQuery(URI.create("https://script.example/exec?key=a%20b#top"), p))
                .hasToString("https://script.example/exec?key=a%20b&event-type=ObjectAppear"
                        + "&event-channelName=Lobby%20camera%20%26%20hall#top");
        assertThat(WebhookSink.withQuery(URI.create("http://h/x"), Map.of("a", "1")))
                .hasToString("http://h/x?a=1");
    }

    @Test
    void theSignatureIsTheHmacOfTimestampDotBodyAsOpensslComputesIt() {
        // echo -n '1700000000.{}' | openssl dgst -sha256 -hmac s3cret
        assertThat(WebhookSink.signature("s3cret", "1700000000", "{}".getBytes()))
                .isEqualTo("sha256=97926816e98fbb41ccb1673225ff29a2f35369099990e1b1561651e7bd097ebf");
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertThat(WebhookSink.retryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(WebhookSink.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(WebhookSink.retryAfter("soon")).isEmpty();
    }

    @Test
    void settingsAreCheckedAndNameTheBadOne() {
        WebhookSettings s = WebhookSettings.from(Map.of(
                "method", "post",
                "urls", Map.of("ObjectAppear", List.of("http://a/1"), "*", "http://b/2", "Tampering", "http://c/3"),
                "timeout", "250ms"));
        assertThat(s.post()).isTrue();
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.urlsFor("ObjectEntered", "ObjectAppear"))
                .extracting(URI::toString)
                .containsExactly("http://a/1", "http://b/2");
        assertThat(s.urlsFor("Tampering", "Sabotage"))
                .extracting(URI::toString)
                .containsExactly("http://c/3", "http://b/2");
        assertThatThrownBy(() -> WebhookSettings.from(Map.of("method", "PUT"))).hasMessageContaining("settings.method");
        assertThatThrownBy(() -> WebhookSettings.from(Map.of("urls", Map.of("*", "ftp://x/"))))
                .hasMessageContaining("settings.urls.*");
        assertThatThrownBy(() -> WebhookSettings.from(Map.of("timeout", "soon")))
                .hasMessageContaining("settings.timeout");
    }
}
