package dev.vigil.engine.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleLoginsTest {
    final AtomicLong now = new AtomicLong(1_000);
    final ConsoleLogins logins = new ConsoleLogins(Duration.ofMinutes(30), now::get);

    @Test
    void aLoginIsFoundByItsCookieAmongOthersAndOnlyByItsExactName() {
        ConsoleLogins.Login l = logins.start("admin");
        assertThat(logins.find("theme=dark; vigil_console=" + l.id + "; other=1"))
                .contains(l);
        assertThat(logins.find("vigil_console2=" + l.id)).isEmpty();
        assertThat(logins.find("xvigil_console=" + l.id)).isEmpty();
        assertThat(logins.find("vigil_console")).isEmpty();
        assertThat(logins.find(null)).isEmpty();
        assertThat(logins.find("vigil_console=" + l.id + "x")).isEmpty();
        assertThat(logins.find("a=" + "b".repeat(9000) + "; vigil_console=" + l.id))
                .isEmpty();
        assertThat(l.id).isNotEqualTo(l.csrf).hasSize(43);
    }

    @Test
    void aLoginUnusedForTheTimeoutEndsAndUseKeepsItAlive() {
        ConsoleLogins.Login l = logins.start("admin");
        String cookie = "vigil_console=" + l.id;
        now.addAndGet(Duration.ofMinutes(29).toNanos());
        assertThat(logins.find(cookie)).contains(l);
        now.addAndGet(Duration.ofMinutes(29).toNanos());
        assertThat(logins.find(cookie)).contains(l);
        now.addAndGet(Duration.ofMinutes(31).toNanos());
        assertThat(logins.find(cookie)).isEmpty();
        assertThat(logins.size()).isZero();
    }

    @Test
    void theTokenMustMatchExactly() {
        ConsoleLogins.Login l = logins.start("admin");
        assertThat(l.csrfMatches(l.csrf)).isTrue();
        assertThat(l.csrfMatches(null)).isFalse();
        assertThat(l.csrfMatches("")).isFalse();
        assertThat(l.csrfMatches(l.csrf.substring(1))).isFalse();
        assertThat(l.csrfMatches(l.id)).isFalse();
    }

    @Test
    void aFloodOfLoginsEndsTheLeastRecentlyUsedInsteadOfGrowing() {
        ConsoleLogins.Login first = logins.start("first");
        for (int i = 0; i < ConsoleLogins.MAX_LOGINS + 10; i++) {
            now.incrementAndGet();
            logins.start("user" + i);
        }
        assertThat(logins.size()).isEqualTo(ConsoleLogins.MAX_LOGINS);
        assertThat(logins.find("vigil_console=" + first.id)).isEmpty();
    }

    @Test
    void loggingOutEndsOneLoginAndARemovedUserLosesAll() {
        ConsoleLogins.Login a = logins.start("alice");
        ConsoleLogins.Login b = logins.start("alice");
        ConsoleLogins.Login c = logins.start("bob");
        logins.end(a);
        assertThat(logins.find("vigil_console=" + a.id)).isEmpty();
        assertThat(logins.find("vigil_console=" + b.id)).contains(b);
        logins.endAll("alice");
        assertThat(logins.find("vigil_console=" + b.id)).isEmpty();
        assertThat(logins.find("vigil_console=" + c.id)).contains(c);
    }
}
