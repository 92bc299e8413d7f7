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
    void loggingOutEndsOneLoginAndNotTheUsersOthers() {
        ConsoleLogins.Login a = logins.start("alice");
        ConsoleLogins.Login b = logins.start("alice");
        logins.end(a);
        assertThat(logins.find("vigil_console=" + a.id)).isEmpty();
        assertThat(logins.find("vigil_console=" + b.id)).contains(b);
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void anOpenLoginSurvivesARestartThroughTheStoreAndAnEndedOneDoesNot() throws Exception {
        AtomicLong wall = new AtomicLong(1_700_000_000_000L);
        try (dev.vigil.engine.store.Database db =
                new dev.vigil.engine.store.Database(new dev.vigil.engine.config.VigilConfig.Store(), dir)) {
            dev.vigil.engine.store.ConsoleLoginStore store = new dev.vigil.engine.store.ConsoleLoginStore(db);
            ConsoleLogins before = new ConsoleLogins(Duration.ofMinutes(30), now::get, wall::get, store);
            ConsoleLogins.Login kept = before.start("admin");
            ConsoleLogins.Login ended = before.start("guard");
            ConsoleLogins.Login stale = before.start("old");
            before.end(ended);
            now.addAndGet(Duration.ofMinutes(20).toNanos());
            wall.addAndGet(Duration.ofMinutes(20).toMillis());
            assertThat(before.find("vigil_console=" + kept.id)).contains(kept);
            before.flush();
            // The store holds no usable cookie.
            assertThat(store.recent(0, 10))
                    .extracting(dev.vigil.engine.store.ConsoleLoginStore.StoredLogin::idHash)
                    .doesNotContain(kept.id)
                    .contains(ConsoleLogins.hash(kept.id));

            // A restart 15 minutes later: "old" was last seen 35 minutes ago, "admin" 15.
            wall.addAndGet(Duration.ofMinutes(15).toMillis());
            AtomicLong otherClock = new AtomicLong(42);
            ConsoleLogins after = new ConsoleLogins(Duration.ofMinutes(30), otherClock::get, wall::get, store);
            ConsoleLogins.Login back = after.find("vigil_console=" + kept.id).orElseThrow();
            assertThat(back.user).isEqualTo("admin");
            assertThat(back.csrfMatches(kept.csrf)).isTrue();
            assertThat(after.find("vigil_console=" + ended.id)).isEmpty();
            assertThat(after.find("vigil_console=" + stale.id)).isEmpty();
            // Still subject to the timeout, counted from when it was last seen before the restart.
            otherClock.addAndGet(Duration.ofMinutes(31).toNanos());
            assertThat(after.find("vigil_console=" + kept.id)).isEmpty();
            wall.addAndGet(Duration.ofMinutes(31).toMillis());
            after.flush();
            assertThat(store.recent(0, 10)).isEmpty();
        }
    }
}
