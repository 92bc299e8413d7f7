package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every shell example of docs/websdk.md, in order, as one shell session against a fresh
 * daemon: each {@code curl} must answer {@code "Status":"Ok"} (or not answer an envelope at all),
 * except where the doc's next line shows a Fail answer. A stream example runs for two seconds.
 */
class WebSdkDocsIT {
    static final Path DOC = Path.of("../docs/websdk.md");

    @TempDir
    Path site;

    @Test
    void everyExampleInTheDocWorksAgainstAFreshInstall() throws Exception {
        List<String> script = new ArrayList<>();
        script.add("set -u");
        script.add(
                "check() { out=$(\"$@\"); echo \"$out\"; case \"$out\" in *'\"Status\":\"Fail\"'*) echo \"UNEXPECTED FAIL: $*\"; exit 1;; esac; }");
        script.add(
                "fails() { out=$(\"$@\"); echo \"$out\"; case \"$out\" in *'\"Status\":\"Fail\"'*) ;; *) echo \"EXPECTED A FAIL: $*\"; exit 1;; esac; }");
        script.add(
                "streams() { \"$@\" --max-time 2 > stream.out; test -s stream.out || { echo 'EMPTY STREAM'; exit 1; }; }");
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        boolean inShell = false;
        int curls = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                inShell = line.equals("```sh");
                continue;
            }
            if (!inShell || line.isBlank() || line.startsWith("#")) {
                continue;
            }
            StringBuilder cmd = new StringBuilder(line);
            while (cmd.toString().endsWith("\\")) {
                cmd.setLength(cmd.length() - 1);
                cmd.append(' ').append(lines.get(++i).trim());
            }
            String c = cmd.toString().replaceFirst("\\s+#[^'\"]*$", "");
            if (c.startsWith("DIST=")) {
                script.add("DIST=" + VigilProcess.DIST);
            } else if (c.startsWith("curl ") && c.contains(" -N ")) {
                script.add("streams " + c);
                curls++;
            } else if (c.startsWith("curl ") && !c.contains("|") && !c.contains("-w ")) {
                String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
                script.add((next.startsWith("#") && next.contains("\"Status\":\"Fail\"") ? "fails " : "check ") + c);
                curls++;
            } else {
                script.add(c);
                curls += c.contains("curl ") ? 1 : 0;
            }
        }
        assertThat(curls).as("curl examples found in the doc").isGreaterThan(50);

        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            // The doc reads the password from $DIST/data and talks to localhost:4590; point both at this daemon.
            String body = String.join("\n", script)
                    .replace(
                            "$DIST/data/initial-admin-password",
                            v.data.resolve("initial-admin-password").toString())
                    .replace("http://localhost:4590", "http://localhost:" + v.port);
            Path file = site.resolve("doc-examples.sh");
            Files.writeString(file, body + "\necho ALL-EXAMPLES-RAN\n");
            Process p = new ProcessBuilder("sh", file.toString())
                    .directory(site.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as(out).contains("ALL-EXAMPLES-RAN").doesNotContain("UNEXPECTED FAIL", "EXPECTED A FAIL");
            assertThat(Files.readString(site.resolve("stream.out"))).contains("--GENETECBOUNDARY");
        }
    }
}
