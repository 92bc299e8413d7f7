package dev.vigil.engine.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.engine.error.ErrorKind;
import dev.vigil.engine.error.RefusedException;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever a browser or an attacker sends as a cookie or a body, the console answers or refuses; it never breaks. */
class ConsoleInputProperties {
    final ConsoleLogins logins = new ConsoleLogins(Duration.ofHours(1), System::nanoTime);
    final ConsoleLogins.Login known = logins.start("admin");

    @Property(tries = 2000)
    void anyCookieHeaderFindsAtMostTheLoginItNames(@ForAll String header) {
        assertThat(logins.find(header))
                .satisfiesAnyOf(
                        found -> assertThat(found).isEmpty(),
                        found -> assertThat(header).contains(known.id));
        assertThat(logins.find(header + "; vigil_console=" + known.id))
                .satisfiesAnyOf(
                        found -> assertThat(found).contains(known),
                        found -> assertThat(header.length()).isGreaterThan(8000));
    }

    @Property(tries = 2000)
    void anyBodyIsAJsonObjectOrABadRequest(@ForAll byte[] body) {
        try {
            assertThat(ConsoleJson.body(body).isObject()).isTrue();
        } catch (RefusedException refused) {
            assertThat(refused.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        }
    }

    @Property(tries = 2000)
    void anyTextIsAJsonObjectOrABadRequest(@ForAll String text) {
        try {
            assertThat(ConsoleJson.body(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .isObject())
                    .isTrue();
        } catch (RefusedException refused) {
            assertThat(refused.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        }
    }
}
