package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package the build makes, installed with dpkg on this machine as an administrator
 * would: the service user, the folders, the daemon started as that user from the installed paths,
 * an upgrade that keeps the site's edits, and a purge. Needs root and dpkg (CI runs as root).
 */
class DebPackageIT {
    private static final String VERSION =
            VigilProcess.DIST.getFileName().toString().substring("vigil-".length());
    private static final Path DEB = VigilProcess.DIST.getParent().resolve("vigil_" + VERSION + "_all.deb");

    @TempDir
    Path work;

    private record Run(int code, String out) {}

    private static Run run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static Run ok(String... cmd) throws Exception {
        Run r = run(cmd);
        assertThat(r.code()).as(String.join(" ", cmd) + "\n" + r.out()).isZero();
        return r;
    }

    @Test
    void installsRunsAsTheServiceUserUpgradesKeepingTheSitesEditsAndPurges() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"), "dpkg -i needs root");
        assumeTrue(run("dpkg", "--version").code() == 0, "dpkg is not installed");
        assertThat(DEB).exists();
        run("dpkg", "--purge", "vigil"); // a leftover of an interrupted run
        Process daemon = null;
        Path testOverlay = Path.of("/etc/vigil/vigil.d/99-test.yaml");
        try {
            ok("dpkg", "-i", DEB.toString());
            assertThat(ok("vigil", "version").out()).contains("vigil " + VERSION);
            assertThat(ok("id", "-un", "vigil").out().trim()).isEqualTo("vigil");
            assertThat(Files.getOwner(Path.of("/var/lib/vigil")).getName()).isEqualTo("vigil");
            assertThat(Path.of("/lib/systemd/system/vigil.service"))
                    .content()
                    .contains("ExecStart=/usr/share/vigil/bin/vigil run");
            assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/vigil.service"))
                    .exists();
            assertThat(Path.of("/var/lib/vigil/plugins").resolve("vigil-plugin-jsonl-sink-" + VERSION + ".jar"))
                    .isSymbolicLink()
                    .exists();
            assertThat(ok("dpkg-query", "-W", "-f", "${Conffiles}", "vigil").out())
                    .contains("/etc/vigil/vigil.yaml")
                    .contains("/etc/vigil/rules/motion.drl");

            // Started as the service user, from the installed paths, on ports of its own for the test.
            int[] ports = VigilProcess.freePorts(3);
            Files.writeString(
                    testOverlay,
                    "http:\n  port: " + ports[0] + "\nstreaming:\n  port: " + ports[1] + "\ncamlytics:\n  port: "
                            + ports[2] + "\n");
            Path log = work.resolve("daemon.log");
            ProcessBuilder pb = new ProcessBuilder("runuser", "-u", "vigil", "--", "/usr/share/vigil/bin/vigil", "run")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("VIGIL_CONF", "/etc/vigil");
            pb.environment().put("VIGIL_DATA", "/var/lib/vigil");
            pb.environment().put("JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
            daemon = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("Vigil started")) {
                assertThat(daemon.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as(Files.readString(log)).isLessThan(deadline);
                Thread.sleep(200);
            }
            String password = Files.readString(Path.of("/var/lib/vigil/initial-admin-password"))
                    .trim();
            HttpResponse<String> raised = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0]
                                            + "/WebSdk/events/RaiseEvent/CameraMotion/LogicalID(Camera,1)"))
                                    .header(
                                            "Authorization",
                                            "Basic "
                                                    + Base64.getEncoder()
                                                            .encodeToString(("admin:" + password)
                                                                    .getBytes(StandardCharsets.UTF_8)))
                                    .timeout(Duration.ofSeconds(10))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
            assertThat(Files.getOwner(Path.of("/etc/vigil/users.yaml")).getName())
                    .isEqualTo("vigil");
            try (var journal = Files.list(Path.of("/var/lib/vigil/journal"))) {
                for (Path segment :
                        journal.filter(p -> p.toString().endsWith(".log")).toList()) {
                    assertThat(Files.getOwner(segment).getName()).isEqualTo("vigil");
                }
            }
            daemon.destroy();
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();

            // The site edits a rule and the configuration; the next release keeps both.
            Files.writeString(
                    Path.of("/etc/vigil/rules/motion.drl"), "// site edit\n", java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(
                    Path.of("/etc/vigil/vigil.yaml"), "# site edit\n", java.nio.file.StandardOpenOption.APPEND);
            Path unpacked = work.resolve("next");
            ok("dpkg-deb", "-R", DEB.toString(), unpacked.toString());
            Path control = unpacked.resolve("DEBIAN/control");
            String debVersion =
                    ok("dpkg-deb", "-f", DEB.toString(), "Version").out().trim();
            Files.writeString(
                    control,
                    Files.readString(control).replace("Version: " + debVersion, "Version: " + debVersion + "+next"));
            Path next = work.resolve("vigil-next.deb");
            ok("dpkg-deb", "-b", unpacked.toString(), next.toString());
            ok("dpkg", "-i", "--force-confold", next.toString());
            assertThat(ok("dpkg-query", "-W", "-f", "${Version}", "vigil").out())
                    .isEqualTo(debVersion + "+next");
            assertThat(Path.of("/etc/vigil/rules/motion.drl")).content().endsWith("// site edit\n");
            assertThat(Path.of("/etc/vigil/vigil.yaml")).content().endsWith("# site edit\n");
            assertThat(Path.of("/var/lib/vigil/initial-admin-password")).exists();
            assertThat(Path.of("/etc/vigil/users.yaml")).exists();
        } finally {
            if (daemon != null && daemon.isAlive()) {
                daemon.destroyForcibly();
                daemon.waitFor(30, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(testOverlay);
            ok("dpkg", "--purge", "vigil");
        }
        for (String gone : List.of("/var/lib/vigil", "/usr/share/vigil", "/etc/vigil/vigil.yaml", "/usr/bin/vigil")) {
            assertThat(Path.of(gone)).doesNotExist();
        }
    }
}
