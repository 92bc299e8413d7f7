package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promises of issue 7, from the built distribution: nothing acknowledged is lost, nobody is locked out. */
class ReliabilityIT {
    @TempDir
    Path site;

    static String bulk(String type, String source, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"EventType\":\"")
                    .append(type)
                    .append("\",\"Source\":\"")
                    .append(source)
                    .append("\"}");
        }
        return b.append(']').toString();
    }

    @Test
    void aSecondDaemonOnTheSameDataFolderIsRefusedBeforeItTouchesAnything() throws Exception {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            v.post("/WebSdk/events/bulk", bulk("ObjectEntered", "LogicalID(Camera,1)", 10));
            Path segment = segments(v).get(0);
            byte[] before = Files.readAllBytes(segment);
            // What the daemon writes is not for other users (the launcher's umask).
            for (Path written :
                    java.util.List.of(segment, v.data.resolve("vigil.mv.db"), v.data.resolve("vigil.lock"))) {
                assertThat(Files.getPosixFilePermissions(written))
                        .as(written.toString())
                        .doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
            }
            assertThat(Files.getPosixFilePermissions(VigilProcess.DIST.resolve("conf/vigil.yaml")))
                    .doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
            // A torn tail the first daemon is about to overwrite: a second recovery would cut it.
            String out = runExpectingExit(v, 1);
            assertThat(out)
                    .contains("data folder " + v.data + " is in use by another Vigil (pid ")
                    .doesNotContain("Exception");
            assertThat(Files.readAllBytes(segment)).isEqualTo(before);
            assertThat(v.post("/WebSdk/events/bulk", bulk("ObjectEntered", "LogicalID(Camera,1)", 1))
                            .json()
                            .at("/Rsp/Result/FirstSequence")
                            .asLong())
                    .isEqualTo(11);
        }
    }

    @Test
    void aCorruptByteInTheJournalLosesOneRecordAndNeverReusesASequence() throws Exception {
        try (VigilProcess v = new VigilProcess(site, null, false).start()) {
            for (int i = 0; i < 4; i++) {
                assertThat(v.post("/WebSdk/events/bulk", bulk("ObjectEntered", "LogicalID(Camera,1)", 500))
                                .status())
                        .isEqualTo(200);
            }
            assertThat(v.post("/WebSdk/events/bulk", bulk("ObjectEntered", "LogicalID(Camera,1)", 11))
                            .json()
                            .at("/Rsp/Result/LastSequence")
                            .asLong())
                    .isEqualTo(2011);
            assertThat(v.stop()).isEqualTo(143);
            // A clean stop leaves no H2 trace of a database closed twice.
            assertThat(v.data.resolve("vigil.trace.db")).doesNotExist();
            flip(segments(v).get(0), 1000);

            v.start();
            JsonNode health = v.get("/WebSdk/health").json().at("/Rsp/Result");
            assertThat(health.get("JournalLastSequence").asLong()).isEqualTo(2011);
            assertThat(health.get("Status").asText()).isEqualTo("Degraded");
            assertThat(health.at("/Problems/0").asText())
                    .startsWith("journal: journal-00000000000000000001.log offset ")
                    .contains("unreadable", "copied to quarantine/");
            assertThat(v.log()).contains("ERROR").contains("Journal damaged: journal-00000000000000000001.log offset");
            try (Stream<Path> q = Files.list(v.data.resolve("journal/quarantine"))) {
                assertThat(q.toList()).hasSize(1);
            }
            assertThat(v.post("/WebSdk/events/bulk", bulk("ObjectEntered", "LogicalID(Camera,1)", 1))
                            .json()
                            .at("/Rsp/Result/FirstSequence")
                            .asLong())
                    .isEqualTo(2012);
        }
    }

    @Test
    void aSinkGetsEveryAcknowledgedEventAndAlarmChangeAcrossKills() throws Exception {
        VigilProcess v = new VigilProcess(site, null, true);
        v.overlay("60-small-sink-queue", """
                sinks:
                  - name: events-file
                    type: jsonl-file
                    events: true
                    alarms: true
                    queueCapacity: 20
                    settings:
                      path: alarms.jsonl
                """);
        java.util.Set<Long> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int cycle = 0; cycle < 3; cycle++) {
            v.start();
            long until = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < until) {
                String body = bulk("ObjectEntered", "LogicalID(Camera,1)", 200)
                        .replace("]", ",{\"EventType\":\"DoorForcedOpen\",\"Source\":\"LogicalID(Door,2)\"}]");
                JsonNode r = v.post("/WebSdk/events/bulk", body).json().at("/Rsp/Result");
                for (long s = r.get("FirstSequence").asLong();
                        s <= r.get("LastSequence").asLong();
                        s++) {
                    acknowledged.add(s);
                }
            }
            v.kill();
            System.out.printf("cycle %d: %d acknowledged so far%n", cycle, acknowledged.size());
        }
        v.start();
        long caughtUpFrom = System.nanoTime();
        Path jsonl = v.data.resolve("plugins/events-file/alarms.jsonl");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    java.util.Set<Long> missing = new java.util.TreeSet<>(acknowledged);
                    missing.removeAll(keys(jsonl, "event-"));
                    assertThat(missing)
                            .as(
                                    "acknowledged events not in the sink's file (of %d); health: %s; log tail: %s",
                                    acknowledged.size(), v.get("/WebSdk/sinks").body(), problems(v))
                            .isEmpty();
                });
        System.out.printf(
                "sink caught up with %d acknowledged events in %d ms%n",
                acknowledged.size(), (System.nanoTime() - caughtUpFrom) / 1_000_000);
        java.util.Set<Long> changes = keys(jsonl, "alarm-change-");
        assertThat(changes).isNotEmpty();
        long maxChange = changes.stream().mapToLong(Long::longValue).max().orElseThrow();
        for (long c = 1; c <= maxChange; c++) {
            assertThat(changes).contains(c);
        }
        for (JsonNode a : v.get("/WebSdk/activealarms").json().at("/Rsp/Result")) {
            assertThat(Files.readString(jsonl))
                    .contains("\"instanceId\":" + a.get("InstanceID").asLong() + ",");
        }
        assertThat(v.get("/WebSdk/sinks/deadletters?limit=10")
                        .json()
                        .at("/Rsp/Result")
                        .size())
                .isZero();
        v.close();
    }

    private static final String DOOR_ALARM = "00000003-0000-babe-0000-000000000002";

    private static long doorAlarms(VigilProcess v) {
        long n = 0;
        for (JsonNode a : v.get("/WebSdk/activealarms").json().at("/Rsp/Result")) {
            n += a.get("Guid").asText().equals(DOOR_ALARM) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aRuleStuckInALoopIsReportedStopsCleanlyIsSkippedAfterRestartAndReplacedByAnEdit() throws Exception {
        VigilProcess v = new VigilProcess(site, "", false);
        v.overlay("60-short-budget", "rules:\n  firingBudget: 1s\n");
        Files.writeString(v.rules.resolve("stuck.drl"), """
                package site;
                import dev.vigil.api.Event;
                rule "spin on door closed"
                when
                    Event(type == "DoorClosed")
                then
                    while (true) { }
                end
                """);
        v.start();
        long stuckSeq = v.post("/WebSdk/events/bulk", bulk("DoorClosed", "LogicalID(Door,1)", 1))
                .json()
                .at("/Rsp/Result/FirstSequence")
                .asLong();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> v.get("/WebSdk/health")
                        .json()
                        .at("/Rsp/Result/Status")
                        .asText()
                        .equals("Degraded"));
        assertThat(v.get("/WebSdk/health").json().at("/Rsp/Result/Problems/0").asText())
                .contains("rules: rule 'spin on door closed' (stuck.drl) has been running for", "[" + stuckSeq + "]");
        assertThat(v.log())
                .contains(
                        "ERROR", "rule 'spin on door closed' (stuck.drl) has been running for", "Stack of vigil-rules");
        assertThat(v.get("/metrics").body()).contains("vigil_rules_stuck_total 1.0");
        // Accepted while the rules are stuck: journaled, so the restart runs it.
        assertThat(v.post("/WebSdk/events/RaiseEvent/DoorForcedOpen/LogicalID(Door,2)", null)
                        .status())
                .isEqualTo(200);

        long t0 = System.nanoTime();
        assertThat(v.stop()).isEqualTo(143);
        assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(20);

        v.start();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> doorAlarms(v) == 1);
        assertThat(v.log()).contains("Event " + stuckSeq + " is skipped by the rules: rule 'spin on door closed'");
        assertThat(v.get("/WebSdk/health").json().at("/Rsp/Result/Problems").toString())
                .contains("event " + stuckSeq + " was skipped");

        // Stuck again; this time the user fixes the rule file while the daemon runs.
        v.post("/WebSdk/events/RaiseEvent/DoorClosed/LogicalID(Door,1)", null);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> v.get("/WebSdk/health")
                        .json()
                        .at("/Rsp/Result/Problems")
                        .toString()
                        .contains("has been running"));
        Files.delete(v.rules.resolve("stuck.drl"));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !v.get("/WebSdk/health")
                        .json()
                        .at("/Rsp/Result/Problems")
                        .toString()
                        .contains("has been running"));
        v.post("/WebSdk/events/RaiseEvent/DoorForcedOpen/LogicalID(Door,1)", null);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> doorAlarms(v) == 2);
        JsonNode h = v.get("/WebSdk/health").json().at("/Rsp/Result");
        assertThat(h.get("RulesLastProcessed").asLong())
                .isEqualTo(h.get("JournalLastSequence").asLong());
        assertThat(v.stop()).isEqualTo(143);
    }

    @Test
    void aPortInUseOrABadAddressIsNamedWithItsKeyNotAStackTrace() throws Exception {
        VigilProcess v = new VigilProcess(site, null, false);
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(v.port, 50, java.net.InetAddress.getByName("0.0.0.0"))) {
            assertThat(runExpectingExit(v, 2))
                    .contains("cannot listen on 0.0.0.0:" + v.port + " (http.port, http.bind)")
                    .doesNotContain("\tat ", "Exception");
        }
        v.overlay("60-bad-bind", "http:\n  bind: 999.1.1.1\n");
        assertThat(runExpectingExit(v, 2)).contains("999.1.1.1", "http.bind").doesNotContain("\tat ");
    }

    /** Starts another {@code vigil run} on the site's folders, which must stop by itself with {@code code}. */
    private static String runExpectingExit(VigilProcess v, int code) throws Exception {
        Process p = VigilProcess.command("--conf", v.conf.toString(), "--data", v.data.toString(), "run")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isEqualTo(code);
        return out;
    }

    @Test
    void aSessionFullOfWindowedEventsRefusesMoreWith503AndStoresNothing() throws Exception {
        VigilProcess v = new VigilProcess(site, null, false);
        v.overlay("60-few-facts", "rules:\n  maxSessionFacts: 300\n");
        try (v) {
            v.start();
            // CameraMotion stays in the session for the escalation window.
            assertThat(v.post("/WebSdk/events/bulk", bulk("CameraMotion", "LogicalID(Camera,1)", 400))
                            .status())
                    .isEqualTo(200);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> v.get("/WebSdk/health")
                                    .json()
                                    .at("/Rsp/Result/RulesLastProcessed")
                                    .asLong()
                            == 400);
            VigilProcess.Reply refused = v.post("/WebSdk/events/bulk", bulk("CameraMotion", "LogicalID(Camera,1)", 1));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.json().at("/Rsp/Result/Message").asText())
                    .contains("the rule session holds", "rules.maxSessionFacts is 300", "nothing was stored");
            assertThat(v.get("/WebSdk/health")
                            .json()
                            .at("/Rsp/Result/JournalLastSequence")
                            .asLong())
                    .isEqualTo(400);
        }
    }

    /** Every warning and error of every start of this daemon, for a failure message. */
    private static String problems(VigilProcess v) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> logs = Files.list(v.site)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().matches("vigil-\\d+\\.log"))
                    .sorted()
                    .toList()) {
                out.append("\n").append(log.getFileName()).append(":");
                Files.readAllLines(log).stream()
                        .filter(l -> l.contains("WARN")
                                || l.contains("ERROR")
                                || l.contains("SinkService")
                                || l.contains("FileJournal"))
                        .limit(40)
                        .forEach(l -> out.append("\n  ").append(l));
            }
        }
        return out.toString();
    }

    static java.util.Set<Long> keys(Path jsonl, String prefix) throws IOException {
        java.util.Set<Long> out = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"key\":\"" + prefix + "(\\d+)\"")
                .matcher(Files.readString(jsonl));
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    static java.util.List<Path> segments(VigilProcess v) throws IOException {
        try (Stream<Path> s = Files.list(v.data.resolve("journal"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList();
        }
    }

    static void flip(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            b.rewind();
            ch.write(b, offset);
        }
    }
}
