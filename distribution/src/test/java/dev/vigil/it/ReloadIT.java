package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload while the daemon runs, as an administrator does it: SIGHUP, or edited files. */
class ReloadIT {
    @TempDir
    Path site;

    private static int status(VigilProcess v, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return v.send(HttpRequest.newBuilder(v.uri("/WebSdk/health"))
                        .header("Authorization", "Basic " + basic)
                        .GET())
                .status();
    }

    private static void userAdd(VigilProcess v, String name, String password) throws Exception {
        Process p = VigilProcess.command("--conf", v.conf.toString(), "user", "add", name, "--password-stdin")
                .start();
        p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void sighupReloadsUsersAndSinksRefusesABadFileAndNamesWhatWaitsForARestart() throws Exception {
        try (VigilProcess v = new VigilProcess(site, null, true).start()) {
            v.hangUp();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(v.log()).contains("Reloading the configuration (SIGHUP)"));
            assertThat(v.alive()).as("SIGHUP must not stop the daemon").isTrue();

            userAdd(v, "operator", "operator-passphrase");
            v.hangUp();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(status(v, "operator", "operator-passphrase"))
                            .isEqualTo(200));

            // Not a user entity in entities.yaml: the login made one, and it can be an alarm's recipient.
            java.util.regex.Matcher made = java.util.regex.Pattern.compile(
                            "User 'operator' logged in without a user entity in entities.yaml: it is now ([0-9a-f-]{36})")
                    .matcher(v.log());
            assertThat(made.find()).as(v.log()).isTrue();
            String motion = "00000003-0000-babe-0000-000000000001";
            VigilProcess.Reply added = v.post(
                    "/WebSdk/entity?q=entity=" + motion + ",Recipients.Add(" + made.group(1) + ",00:00:00)", null);
            assertThat(added.json().at("/Rsp/Status").asText()).as(added.body()).isEqualTo("Ok");
            VigilProcess.Reply listed =
                    v.get("/WebSdk/entity?q=entity=" + motion + ",IsRecipient(" + made.group(1) + ")");
            assertThat(listed.json().at("/Rsp/Result/IsRecipient").asBoolean())
                    .as(listed.body())
                    .isTrue();

            // A bad edit: refused with the file and key; every running user still logs in.
            Path users = v.conf.resolve("users.yaml");
            String good = Files.readString(users);
            Files.writeString(users, "users:\n  - name: operator\n    hash: plain-text\n");
            v.hangUp();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(v.log())
                            .contains("Reload refused users.yaml")
                            .contains("users[0].hash"));
            assertThat(status(v, "operator", "operator-passphrase")).isEqualTo(200);
            assertThat(status(v, "admin", v.password())).isEqualTo(200);
            Files.writeString(users, good);

            // A sink added to vigil.d starts without a restart; a port change waits for one.
            v.overlay("70-reload", """
                    http:
                      port: 1
                    sinks:
                      - name: added-file
                        type: jsonl-file
                        events: true
                        alarms: false
                        settings:
                          path: added.jsonl
                    """);
            v.hangUp();
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(v.log())
                            .contains("sink 'added-file' added to the configuration")
                            .contains("applied only at the next restart: http"));
            assertThat(v.post("/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,1)", "")
                            .status())
                    .isEqualTo(200);
            Path out = v.data.resolve("plugins/added-file/added.jsonl");
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(out).exists().content().contains("CameraMotion"));

            // Removed again by editing the files alone, no signal: the watcher applies it.
            Files.delete(v.conf.resolve("vigil.d/70-reload.yaml"));
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(
                            () -> assertThat(v.log()).contains("sink 'added-file' removed from the configuration"));
            assertThat(v.alive()).isTrue();
        }
    }
}
