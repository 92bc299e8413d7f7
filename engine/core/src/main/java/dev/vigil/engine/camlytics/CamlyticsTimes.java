package dev.vigil.engine.camlytics;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/** The product's times: local ({@code 2022-01-19T16:22:25.4330000}) in a zone, or with an offset. */
final class CamlyticsTimes {
    private CamlyticsTimes() {}

    /** The instant, or empty when the text is no such time (a space may stand for the {@code T}). */
    static Optional<Instant> parse(String text, ZoneId zone) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(' ', 'T');
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeException withoutOffset) {
            try {
                return Optional.of(LocalDateTime.parse(t).atZone(zone).toInstant());
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
    }
}
