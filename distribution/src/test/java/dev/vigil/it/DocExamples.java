package dev.vigil.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns every shell example of a doc into one shell session: each {@code curl} must not answer an
 * error (its output must not contain {@code failMarker}) unless the doc's next line shows an error
 * answer, and then it must. A stream example ({@code curl -N}) runs for two seconds.
 */
final class DocExamples {
    final List<String> script = new ArrayList<>();
    int curls;

    DocExamples(Path doc, String failMarker) throws IOException {
        script.add("set -u");
        script.add("check() { out=$(\"$@\"); echo \"$out\"; case \"$out\" in *'" + failMarker
                + "'*) echo \"UNEXPECTED FAIL: $*\"; exit 1;; esac; }");
        script.add("fails() { out=$(\"$@\"); echo \"$out\"; case \"$out\" in *'" + failMarker
                + "'*) ;; *) echo \"EXPECTED A FAIL: $*\"; exit 1;; esac; }");
        script.add(
                "streams() { \"$@\" --max-time 2 > stream.out; test -s stream.out || { echo 'EMPTY STREAM'; exit 1; }; }");
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        boolean inShell = false;
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
                script.add((next.startsWith("#") && next.contains(failMarker) ? "fails " : "check ") + c);
                curls++;
            } else {
                script.add(c);
                curls += c.contains("curl ") ? 1 : 0;
            }
        }
    }

    /** Runs the session against a daemon, the doc's paths and ports rewritten to it; returns its output. */
    String run(VigilProcess v, Path dir, String... replacements) throws IOException, InterruptedException {
        String body = String.join("\n", script)
                .replace(
                        "$DIST/data/initial-admin-password",
                        v.data.resolve("initial-admin-password").toString());
        for (int i = 0; i < replacements.length; i += 2) {
            body = body.replace(replacements[i], replacements[i + 1]);
        }
        Path file = dir.resolve("doc-examples.sh");
        Files.writeString(file, body + "\necho ALL-EXAMPLES-RAN\n");
        Process p = new ProcessBuilder("sh", file.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }
}
