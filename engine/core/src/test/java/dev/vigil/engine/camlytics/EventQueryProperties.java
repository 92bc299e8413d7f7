package dev.vigil.engine.camlytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.error.ErrorKind;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.http.ApiRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a client puts in the events parameters, the answer is a query or a 400 naming the parameter. */
class EventQueryProperties {
    private static final EntityRegistry ENTITIES = EntitiesFile.load(Path.of("../../conf/entities.yaml"));
    private static final List<String> NAMES =
            List.of("channelId", "sinceId", "untilId", "sinceTime", "untilTime", "limit", "order", "timeout");

    @Property(tries = 2000)
    void anyValueOfAnyParameterIsAcceptedOrRefusedByName(@ForAll String value, @ForAll("names") String name) {
        ApiRequest req = new ApiRequest(
                "GET",
                "/v1/json/events",
                Map.of(name, List.of(value)),
                new byte[0],
                null,
                new Authenticator.Principal("admin", ""),
                0,
                null,
                false,
                header -> null,
                null);
        try {
            EventQuery q = EventQuery.parse(req, ENTITIES, ZoneOffset.UTC, 1000, Duration.ofSeconds(60));
            assertThat(q.limit()).isBetween(1, 1000);
            assertThat(q.timeout()).isBetween(Duration.ZERO, Duration.ofSeconds(60));
        } catch (RefusedException refused) {
            assertThat(refused.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
            assertThat(refused.getMessage()).startsWith(name);
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(NAMES);
    }
}
