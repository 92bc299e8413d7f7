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

        Authenticator auth = new Authenticator(new UserStore(dir.resolve("users.yaml"), new PasswordHasher(10_000)),
                Duration.ofMinutes(5));
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
        assertThat(h.verify("pw".toCharArray(), "pbkdf2-sha256$99999999$AA==$AA==")).isFalse();
    }

    @Test
    void usersFileRefusesPlainPasswordsAndBadNames() throws Exception {
        Path f = dir.resolve("users.yaml");
        Files.writeString(f, "users:\n  - name: admin\n    hash: secret\n");
        assertThatThrownBy(() -> new UserStore(f, new PasswordHasher(10_000)))
                .hasMessageContaining("users[0].hash").hasMessageContaining("vigil user add admin");
        UserStore ok = new UserStore(dir.resolve("other.yaml"), new PasswordHasher(10_000));
        assertThatThrownBy(() -> ok.put("bad name", "x".toCharArray())).hasMessageContaining("user name");
    }
}
