package dev.vigil.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    @TempDir
    Path dir;

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsUserWithApplicationIdAndCachesOnlySuccess() throws Exception {
        UserStore users = new UserStore(dir.resolve("users.yaml"), new PasswordHasher(10_000));
        users.put("operator", "correct horse".toCharArray());
        String stored = Files.readString(dir.resolve("users.yaml"));
        assertThat(stored).contains("pbkdf2-sha256$10000$").doesNotContain("correct horse");

        Authenticator auth = new Authenticator(
                new UserStore(dir.resolve("users.yaml"), new PasswordHasher(10_000)), Duration.ofMinutes(5));
        String good = basic("operator;SecurityDesk:correct horse");
        assertThat(auth.cached(good)).isEmpty();
        Authenticator.Principal p = auth.authenticate(good).orElseThrow();
        assertThat(p.user()).isEqualTo("operator");
        assertThat(p.applicationId()).isEqualTo("SecurityDesk");
        assertThat(auth.cached(good)).contains(p);
        assertThat(auth.authenticate(basic("operator:correct horse"))).isPresent();

        String bad = basic("operator:wrong");
        assertThat(auth.authenticate(bad)).isEmpty();
        assertThat(auth.cached(bad)).isEmpty();
        assertThat(auth.authenticate(basic("nobody:correct horse"))).isEmpty();
        assertThat(auth.authenticate("Basic !!!notbase64")).isEmpty();
        assertThat(auth.authenticate("Bearer x")).isEmpty();
        assertThat(auth.authenticate(basic("no-colon"))).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
    }

    @Test
    void saltedHashesDifferAndForeignValuesNeverVerify() {
        PasswordHasher h = new PasswordHasher(10_000);
        String a = h.hash("pw".toCharArray());
        assertThat(h.hash("pw".toCharArray())).isNotEqualTo(a);
        assertThat(h.verify("pw".toCharArray(), a)).isTrue();
        assertThat(h.verify("pw".toCharArray(), "pw")).isFalse();
        assertThat(h.verify("pw".toCharArray(), "pbkdf2-sha256$x$y$z")).isFalse();
        assertThat(h.verify("pw".toCharArray(), "pbkdf2-sha256$99999999$AA==$AA=="))
                .isFalse();
    }

    @Test
    void usersFileRefusesPlainPasswordsAndBadNames() throws Exception {
        Path f = dir.resolve("users.yaml");
        Files.writeString(f, "users:\n  - name: admin\n    hash: secret\n");
        assertThatThrownBy(() -> new UserStore(f, new PasswordHasher(10_000)))
                .hasMessageContaining("users[0].hash")
                .hasMessageContaining("vigil user add admin");
        UserStore ok = new UserStore(dir.resolve("other.yaml"), new PasswordHasher(10_000));
        assertThatThrownBy(() -> ok.put("bad name", "x".toCharArray())).hasMessageContaining("user name");
    }

    @Test
    void anUnknownUserTakesAsLongAsAWrongPassword() {
        UserStore users = new UserStore(dir.resolve("users.yaml"), new PasswordHasher(50_000));
        users.put("operator", "correct horse".toCharArray());
        for (int i = 0; i < 3; i++) { // warm both paths up (the decoy hash is made once) before timing them
            users.verify("nobody", "x".toCharArray());
            users.verify("operator", "x".toCharArray());
        }
        long wrong = 0;
        long unknown = 0;
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            assertThat(users.verify("operator", "wrong".toCharArray())).isFalse();
            long t1 = System.nanoTime();
            assertThat(users.verify("nobody", "wrong".toCharArray())).isFalse();
            long t2 = System.nanoTime();
            wrong += t1 - t0;
            unknown += t2 - t1;
        }
        assertThat((double) unknown / wrong).isBetween(0.5, 2.0);
    }

    @Test
    void loginBackoffSlowsTheGuessingAddressAndUserButNotTheUsualDesk() throws Exception {
        LoginThrottle t = new LoginThrottle();
        java.net.InetAddress guesser = java.net.InetAddress.getByName("10.0.0.66");
        java.net.InetAddress desk = java.net.InetAddress.getByName("10.0.0.7");
        t.succeeded(desk, "operator");
        for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
            assertThat(t.waitNanos(guesser, "operator")).isZero();
            t.failed(guesser, "operator");
        }
        assertThat(t.waitNanos(guesser, "someone-else")).isPositive();
        java.net.InetAddress[] botnet = new java.net.InetAddress[LoginThrottle.FREE_FAILURES_PER_USER];
        for (int i = 0; i < botnet.length; i++) {
            botnet[i] = java.net.InetAddress.getByName("10.1.0." + (i + 1));
            t.failed(botnet[i], "operator");
        }
        assertThat(t.waitNanos(java.net.InetAddress.getByName("10.2.0.1"), "operator"))
                .isPositive();
        assertThat(t.waitNanos(desk, "operator")).isZero();
        t.succeeded(guesser, "operator");
        assertThat(t.waitNanos(guesser, "operator")).isZero();
    }

    @Test
    void rolesAreReadFromTheFileAndANewUserIsAnOperatorUnlessToldOtherwise() throws Exception {
        Path file = dir.resolve("users.yaml");
        UserStore users = new UserStore(file, new PasswordHasher(10_000));
        users.put("alice", "correct horse".toCharArray());
        users.put("root", "correct horse".toCharArray(), UserStore.Role.ADMIN);
        assertThat(users.roleOf("alice")).isEqualTo(UserStore.Role.OPERATOR);
        assertThat(users.roleOf("root")).isEqualTo(UserStore.Role.ADMIN);
        // A new password keeps the role.
        users.put("alice", "battery staple".toCharArray());
        assertThat(new UserStore(file, new PasswordHasher(10_000)).roleOf("alice"))
                .isEqualTo(UserStore.Role.OPERATOR);
        assertThat(Files.readString(file)).contains("role: \"operator\"").contains("role: \"admin\"");

        // Written before roles existed: an admin.
        String hash = new PasswordHasher(10_000).hash("x".toCharArray());
        Files.writeString(file, "users:\n  - name: old\n    hash: \"" + hash + "\"\n");
        users.reload();
        assertThat(users.roleOf("old")).isEqualTo(UserStore.Role.ADMIN);
        assertThat(users.exists("alice")).isFalse();

        Files.writeString(file, "users:\n  - name: old\n    hash: \"" + hash + "\"\n    role: boss\n");
        assertThatThrownBy(users::reload)
                .hasMessageContaining("users[0].role")
                .hasMessageContaining("admin or operator");
        assertThat(users.roleOf("old")).isEqualTo(UserStore.Role.ADMIN);
    }
}
