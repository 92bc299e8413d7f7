package dev.vigil.plugins.smtp;

import dev.vigil.api.FieldTemplate;
import dev.vigil.api.ItemFields;
import dev.vigil.api.Settings;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An e-mail instance's {@code settings:} from {@code conf/vigil.yaml}, checked when it starts (a bad
 * one disables the instance with a message naming the setting). See the README for every key.
 */
record MailSettings(
        String host,
        int port,
        Security security,
        String username,
        String password,
        InternetAddress from,
        List<InternetAddress> to,
        FieldTemplate subject,
        FieldTemplate body,
        FieldTemplate eventSubject,
        FieldTemplate eventBody,
        String digestSubject,
        FieldTemplate link,
        ZoneId zone,
        Duration timeout,
        String trust,
        String site) {

    enum Security {
        /** Plain SMTP; credentials, if any, travel in clear: only for a relay on the same host or LAN. */
        NONE,
        /** Plain connection upgraded with STARTTLS, which must succeed (port 587). */
        STARTTLS,
        /** TLS from the first byte (port 465). */
        SMTPS
    }

    static final String SUBJECT = "[{site}] {alarmName}: {change} ({sourceName}, priority {priority})";
    static final String BODY = """
            Alarm: {alarmName} (instance {instanceId})
            What happened: {change}, now {state}
            Source: {sourceName}
            Priority: {priority}
            Time: {time} (triggered {triggerTime}, {triggerCount} time(s))
            Context: {context}
            Attached: {attached}
            {urls}
            {link}
            """;
    static final String EVENT_SUBJECT = "[{site}] {type} at {sourceName}";
    static final String EVENT_BODY = """
            Event: {type} (#{sequence})
            Source: {sourceName} ({sourceType})
            Time: {time}
            Origin: {origin}
            Properties: {properties}
            """;
    static final String DIGEST_SUBJECT = "[{site}] {count} alarm changes and events, {first} to {last}";

    static MailSettings from(Map<String, Object> s) {
        String host = string(s, "host", "");
        if (host.isBlank()) {
            throw new IllegalArgumentException("settings.host is missing: name the SMTP server, e.g. smtp.example.com");
        }
        Security security;
        String sec = string(s, "security", "starttls").toUpperCase(Locale.ROOT);
        try {
            security = Security.valueOf(sec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "settings.security must be none, starttls or smtps, not '" + sec.toLowerCase(Locale.ROOT) + "'");
        }
        int defaultPort = switch (security) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case SMTPS -> 465;
        };
        int port = new Settings(s).integer("port", defaultPort);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("settings.port must be 1-65535, not " + port);
        }
        String username = string(s, "username", "");
        String password = string(s, "password", "");
        if (!username.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException("settings.password is missing while settings.username is set");
        }
        InternetAddress from = address("from", string(s, "from", ""));
        List<InternetAddress> to = new ArrayList<>();
        Object t = s.get("to");
        List<?> items = t instanceof List<?> l
                ? l
                : t == null ? List.of() : List.of(t.toString().split(","));
        for (Object item : items) {
            to.add(address("to", String.valueOf(item)));
        }
        if (to.isEmpty()) {
            throw new IllegalArgumentException("settings.to is missing: list one or more recipients");
        }
        ZoneId zone;
        String z = string(s, "timeZone", "");
        try {
            zone = z.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(z);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "settings.timeZone: '" + z + "' is not a time zone; use a name such as Europe/Paris");
        }
        String digest = string(s, "digestSubject", DIGEST_SUBJECT);
        FieldTemplate.parse("digestSubject", digest, digestFields());
        return new MailSettings(
                host,
                port,
                security,
                username,
                password,
                from,
                List.copyOf(to),
                template(s, "subject", SUBJECT),
                template(s, "body", BODY),
                template(s, "eventSubject", EVENT_SUBJECT),
                template(s, "eventBody", EVENT_BODY),
                digest,
                template(s, "link", ""),
                zone,
                new Settings(s).duration("timeout", "30s"),
                string(s, "trust", ""),
                string(s, "site", "Vigil"));
    }

    /** What a mail template can name: the item's fields, the site and the link. */
    static java.util.Set<String> mailFields() {
        java.util.Set<String> out = new java.util.TreeSet<>(ItemFields.NAMES);
        out.addAll(List.of("site", "link"));
        return out;
    }

    static java.util.Set<String> digestFields() {
        java.util.Set<String> out = mailFields();
        out.addAll(List.of("count", "first", "last"));
        return out;
    }

    private static FieldTemplate template(Map<String, Object> s, String key, String fallback) {
        return FieldTemplate.parse(key, string(s, key, fallback), mailFields());
    }

    private static InternetAddress address(String key, String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException(
                    "settings." + key + " is missing: give an address such as vigil@example.com");
        }
        try {
            InternetAddress a = new InternetAddress(text.trim(), true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException(
                    "settings." + key + ": '" + text.trim() + "' is no e-mail address (" + e.getMessage() + ")");
        }
    }

    private static String string(Map<String, Object> s, String key, String fallback) {
        return new Settings(s).string(key, fallback);
    }
}
