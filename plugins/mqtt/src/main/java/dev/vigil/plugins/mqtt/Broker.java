package dev.vigil.plugins.mqtt;

import dev.vigil.api.Settings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * The broker settings a sink and a source share: {@code broker} (tcp://host:1883 or ssl://host:8883),
 * {@code clientId} (default vigil-&lt;instance&gt;; a source keeps its broker session under it, so it
 * must stay the same across restarts), {@code username}, {@code password}, {@code timeout} (10s),
 * {@code qos} (1).
 */
record Broker(String uri, String clientId, String username, String password, Duration timeout, int qos) {

    static Broker from(String instance, Map<String, Object> s) {
        String uri = new Settings(s).string("broker", "");
        if (uri.isBlank()) {
            throw new IllegalArgumentException(
                    "settings.broker is missing: give the broker's address, e.g. tcp://127.0.0.1:1883");
        }
        String scheme =
                uri.contains("://") ? uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("tcp") && !scheme.equals("ssl")) {
            throw new IllegalArgumentException(
                    "settings.broker must start with tcp:// or ssl://, e.g. tcp://127.0.0.1:1883, not '" + uri + "'");
        }
        String clientId = new Settings(s).string("clientId", "vigil-" + instance);
        if (clientId.isEmpty() || clientId.length() > 65535) {
            throw new IllegalArgumentException("settings.clientId must not be empty");
        }
        String username = new Settings(s).string("username", "");
        String password = new Settings(s).string("password", "");
        int qos = new Settings(s).integer("qos", 1);
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("settings.qos must be 0, 1 or 2, not " + qos);
        }
        return new Broker(uri, clientId, username, password, new Settings(s).duration("timeout", "10s"), qos);
    }

    MqttConnectOptions options(boolean cleanSession) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        o.setKeepAliveInterval(30);
        // The outbox and the broker session keep what is in flight; Paho need not queue much itself.
        o.setMaxInflight(1000);
        if (!username.isEmpty()) {
            o.setUserName(username);
            o.setPassword(password.toCharArray());
        }
        return o;
    }
}
