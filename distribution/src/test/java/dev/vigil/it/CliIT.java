package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's one-shot commands, run as a user runs them. */
class CliIT {
    @TempDir
    Path site;

    record Run(int code, String out, String err) {}

    private static Run run(String stdin, String... args) throws IOException, InterruptedException {
        Process p = VigilProcess.command(args).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theDaemonGetsItsJvmOptionsWhenTheFoldersComeBeforeTheCommand() throws Exception {
        // With "--conf DIR run" the launcher once took "--conf" for the command and ran the daemon with the
        // one-shot commands' options (C1 only, 512 MB): a login then cost 0.4-0.6 s instead of ~0.06 s.
        Path conf = Files.createDirectories(site.resolve("conf"));
        ProcessBuilder pb = VigilProcess.command(
                        "--conf",
                        conf.toString(),
                        "--data",
                        site.resolve("data").toString(),
                        "run")
                .redirectErrorStream(true)
                .redirectOutput(site.resolve("out.log").toFile());
        pb.environment().remove("JAVA_OPTS");
        Process p = pb.start();
        try {
            Path cmdline = Path.of("/proc/" + p.pid() + "/cmdline");
            String seen = "";
            for (int i = 0; i < 50 && !seen.contains("dev.vigil.engine.cli.Main"); i++) {
                Thread.sleep(100);
                seen = Files.exists(cmdline) ? Files.readString(cmdline).replace('\0', ' ') : "";
            }
            assertThat(seen)
                    .contains("-XX:MaxGCPauseMillis=20", "-XX:+ExitOnOutOfMemoryError")
                    .doesNotContain("TieredStopAtLevel");
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void versionPrintsTheBuild() throws Exception {
        Run r = run(null, "version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("vigil 0.1.0");
    }

    @Test
    void checkRulesPassesShippedRulesAndPointsAtErrors() throws Exception {
        Run ok = run(null, "check-rules", VigilProcess.DIST.resolve("rules").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("OK: 4 rule(s) in 3 file(s)");

        Path rules = Files.createDirectories(site.resolve("rules"));
        Files.writeString(rules.resolve("alarm.drl"), """
                package p;
                import dev.vigil.api.Event;
                rule "missing then"
                when
                    Event(type == "CameraMotion")
                end
                """);
        Files.writeString(rules.resolve("slow.drl"), """
                package q;
                import dev.vigil.api.Event;
                rule "slow"
                when
                    Event(type != "CameraMotion")
                then
                end
                """);
        Run bad = run(null, "check-rules", rules.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).containsPattern(Path.of(rules.toString(), "alarm.drl") + ":\\d+:\\d+: error: ");
        assertThat(bad.out()).contains("slow.drl:5:").contains("warning").contains("cannot be indexed");
        assertThat(bad.err()).contains("error(s) in 2 file(s)");

        // Names the site does not know: the rules compile, and would never match or fail at every firing.
        Path named = Files.createDirectories(site.resolve("named"));
        Files.writeString(named.resolve("site.drl"), """
                package n;
                import dev.vigil.api.Event;
                global dev.vigil.engine.rules.Alarms alarms;
                rule "appear"
                when
                    $e : Event(type == "ObjectAppear")
                then
                    alarms.trigger("Door forcd open", $e);
                end
                """);
        Run unknown =
                run(null, "--conf", VigilProcess.DIST.resolve("conf").toString(), "check-rules", named.toString());
        assertThat(unknown.code()).as(unknown.out() + unknown.err()).isEqualTo(1);
        assertThat(unknown.err())
                .contains("site.drl:6:24: error: unknown event type 'ObjectAppear': that is the Camlytics name;"
                        + " Vigil calls it 'ObjectEntered'")
                .contains("site.drl:8:20: error: unknown alarm 'Door forcd open' (did you mean 'Door forced open'?)");
    }

    @Test
    void testRulesRunsTheShippedScenariosAndReportsAFailureWithWhatHappened() throws Exception {
        Path xml = site.resolve("rules-junit.xml");
        Run ok = run(
                null,
                "--conf",
                VigilProcess.DIST.resolve("conf").toString(),
                "test-rules",
                VigilProcess.DIST.resolve("rules").toString(),
                "--junit-xml",
                xml.toString());
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out())
                .contains("PASS A forced door raises an urgent alarm")
                .contains("3 passed, 0 failed");
        assertThat(Files.readString(xml)).contains("<testsuite name=\"vigil-rules\" tests=\"3\" failures=\"0\"");

        Path wrong = site.resolve("wrong.yaml");
        Files.writeString(wrong, """
                name: the door alarm is not urgent
                steps:
                  - at: 0s
                    event: DoorForcedOpen
                    source: LogicalID(Door,1)
                  - at: 2m
                    expect: { alarm: Door forced open, priority: 90 }
                """);
        Run failed = run(
                null,
                "--conf",
                VigilProcess.DIST.resolve("conf").toString(),
                "test-rules",
                VigilProcess.DIST.resolve("rules").toString(),
                wrong.toString());
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.out())
                .contains("FAIL the door alarm is not urgent")
                .contains("step 2 at 2m: expected alarm 'Door forced open', priority 90; the alarms so far: Door"
                        + " forced open #1 for Server room door, active, priority 10, triggered at 0s")
                .contains("1 scenario(s): 0 passed, 1 failed");
    }

    @Test
    void replayComparesCandidateRulesWithTheLiveOnesBesideTheRunningDaemon() throws Exception {
        try (VigilProcess v = new VigilProcess(site.resolve("daemon"), null, false).start()) {
            assertThat(v.post(
                                    "/WebSdk/events/bulk",
                                    "[{\"EventType\":\"DoorForcedOpen\",\"Source\":\"LogicalID(Door,1)\"},"
                                            + "{\"EventType\":\"CameraMotion\",\"Source\":\"LogicalID(Camera,1)\"}]")
                            .status())
                    .isEqualTo(200);
            Path candidate = Files.createDirectories(site.resolve("candidate"));
            Files.copy(v.rules.resolve("door.drl"), candidate.resolve("door.drl"));
            Files.copy(v.rules.resolve("escalation.drl"), candidate.resolve("escalation.drl"));
            // motion.drl left out: the candidate would miss the motion alarm.
            Run r = run(
                    null,
                    "--conf",
                    v.conf.toString(),
                    "--data",
                    v.data.toString(),
                    "replay",
                    "--rules",
                    candidate.toString(),
                    "--from",
                    "1h");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out())
                    .contains("Replayed 2 journaled event(s)")
                    .contains("- ")
                    .contains("TRIGGERED  Motion detected  Lobby camera")
                    .contains("0 added, 1 missing, 0 changed, 1 the same");
            assertThat(v.alive()).isTrue();

            // The same over HTTP, as the console will ask it.
            String files = "{\"Files\":{\"door.drl\":"
                    + new com.fasterxml.jackson.databind.ObjectMapper()
                            .writeValueAsString(Files.readString(candidate.resolve("door.drl")))
                    + "}}";
            VigilProcess.Reply http = v.post("/WebSdk/rules/replay", files);
            assertThat(http.status()).as(http.body()).isEqualTo(200);
            assertThat(http.json().at("/Rsp/Result/Events").asInt()).isEqualTo(2);
            assertThat(http.json().at("/Rsp/Result/Missing/0/Subject").asText()).isEqualTo("Motion detected");
            assertThat(http.json().at("/Rsp/Result/Same").asInt()).isEqualTo(1);
            VigilProcess.Reply notJson = v.post("/WebSdk/rules/replay", "{\"Files\":");
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(notJson.body()).contains("InvalidJson");
            VigilProcess.Reply badName = v.post("/WebSdk/rules/replay", "{\"Files\":{\"../x.drl\":\"\"}}");
            assertThat(badName.status()).isEqualTo(400);
            assertThat(badName.body()).contains("is not a rule file name");

            Run bad = run(null, "--conf", v.conf.toString(), "--data", v.data.toString(), "replay", "--rules");
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err()).contains("--rules needs a value");
        }
    }

    @Test
    void userAddWritesASaltedHashThatLogsIn() throws Exception {
        Path conf = Files.createDirectories(site.resolve("conf"));
        Run r = run("s3cret-passphrase\n", "--conf", conf.toString(), "user", "add", "operator", "--password-stdin");
        assertThat(r.code()).as(r.err()).isZero();
        String users = Files.readString(conf.resolve("users.yaml"));
        assertThat(users).contains("operator").contains("pbkdf2-sha256$").doesNotContain("s3cret-passphrase");

        Run shortPw = run("short\n", "--conf", conf.toString(), "user", "add", "operator", "--password-stdin");
        assertThat(shortPw.code()).isEqualTo(2);
        assertThat(shortPw.err()).contains("at least 8 characters");

        Run usage = run(null, "--conf", conf.toString(), "user", "add", "operator");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("--password-stdin");
    }

    @Test
    void userListAndRemoveKeepTheFilesOwnerGroupAndMode() throws Exception {
        Path conf = Files.createDirectories(site.resolve("conf"));
        for (String name : List.of("operator", "guard")) {
            Run add = run("s3cret-passphrase\n", "--conf", conf.toString(), "user", "add", name, "--password-stdin");
            assertThat(add.code()).as(add.err()).isZero();
        }
        Path users = conf.resolve("users.yaml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users)))
                .isEqualTo("rw-------");
        assertThat(run(null, "--conf", conf.toString(), "user", "list").out())
                .isEqualTo("guard\toperator\noperator\toperator\n");

        // As a package leaves it: the service user's file, group-readable; an administrator edits it as root.
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r-----"));
        boolean root = System.getProperty("user.name").equals("root");
        var lookup = users.getFileSystem().getUserPrincipalLookupService();
        if (root) {
            Files.setOwner(users, lookup.lookupPrincipalByName("nobody"));
            Files.getFileAttributeView(users, PosixFileAttributeView.class)
                    .setGroup(lookup.lookupPrincipalByGroupName("nogroup"));
        }
        Run remove = run(null, "--conf", conf.toString(), "user", "remove", "guard");
        assertThat(remove.code()).as(remove.err()).isZero();
        assertThat(remove.out()).contains("user guard removed from");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users)))
                .isEqualTo("rw-r-----");
        if (root) {
            assertThat(remove.err()).contains("belongs to 'nobody' and you are 'root'");
            assertThat(Files.getOwner(users).getName()).isEqualTo("nobody");
            assertThat(Files.readAttributes(users, PosixFileAttributes.class)
                            .group()
                            .getName())
                    .isEqualTo("nogroup");
        }
        assertThat(run(null, "--conf", conf.toString(), "user", "list").out()).isEqualTo("operator\toperator\n");

        Run missing = run(null, "--conf", conf.toString(), "user", "remove", "guard");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no user 'guard'");
        assertThat(run(null, "--conf", conf.toString(), "user", "rename").code())
                .isEqualTo(2);
    }

    @Test
    void badConfigurationStopsStartUpNamingFileAndKey() throws Exception {
        Path conf = Files.createDirectories(site.resolve("conf"));
        Files.writeString(conf.resolve("vigil.yaml"), "http:\n  prot: 4590\n");
        Run r = run(
                null, "--conf", conf.toString(), "--data", site.resolve("data").toString(), "run");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("vigil.yaml").contains("'http.prot'").contains("did you mean 'port'");
        assertThat(r.err()).doesNotContain("\tat ");

        Files.writeString(conf.resolve("vigil.yaml"), "http:\n  port: 0\n");
        Files.writeString(conf.resolve("entities.yaml"), "cameras:\n  - guid: nope\n    logicalId: 1\n");
        Run e = run(
                null, "--conf", conf.toString(), "--data", site.resolve("data").toString(), "run");
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err()).contains("entities.yaml").contains("cameras[0].guid");
        assertThat(e.err()).doesNotContain("\tat ");

        Run unknown = run(null, "explode");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'explode'").contains("usage:");
    }
}
