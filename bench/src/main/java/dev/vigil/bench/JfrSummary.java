package dev.vigil.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went in a JFR recording, as text a README can quote: execution samples by thread,
 * by the innermost Vigil method on the stack (what our code caused, libraries included), and by
 * leaf method; with {@code EVENTS_PER_S}, each share turned into CPU microseconds per event from
 * the JVM's measured CPU load. {@code JfrSummary FILE.jfr [EVENTS_PER_S] [TOP]}.
 */
public final class JfrSummary {
    private JfrSummary() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        double eventsPerSecond = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byVigilFrame = new HashMap<>();
        Map<String, Integer> byLeaf = new HashMap<>();
        int samples = 0;
        double cpuSum = 0;
        int cpuCount = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.CPULoad")) {
                cpuSum += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                cpuCount++;
            } else if (type.equals("jdk.ExecutionSample")) {
                samples++;
                String thread = e.getThread("sampledThread") == null
                        ? "?"
                        : e.getThread("sampledThread").getJavaName();
                byThread.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "-N"), 1, Integer::sum);
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                byLeaf.merge(name(frames.get(0)), 1, Integer::sum);
                String vigil = "(no Vigil frame: JDK/Netty/library threads)";
                for (RecordedFrame f : frames) {
                    if (f.getMethod().getType().getName().startsWith("dev.vigil.")) {
                        vigil = name(f);
                        break;
                    }
                }
                byVigilFrame.merge(vigil, 1, Integer::sum);
            }
        }
        double cpu = cpuCount == 0 ? 0 : cpuSum / cpuCount; // share of the whole machine
        int cores = Runtime.getRuntime().availableProcessors();
        double cpuMicrosPerEvent = eventsPerSecond > 0 ? cpu * cores * 1e6 / eventsPerSecond : 0;
        System.out.printf(
                Locale.ROOT,
                "%s: %,d execution samples; JVM CPU %.0f %% of %d cores%s%n",
                file.getFileName(),
                samples,
                cpu * 100,
                cores,
                eventsPerSecond > 0
                        ? String.format(
                                Locale.ROOT,
                                " = %.1f µs of CPU per event at %,.0f events/s",
                                cpuMicrosPerEvent,
                                eventsPerSecond)
                        : "");
        print("by thread", byThread, samples, top, cpuMicrosPerEvent);
        print(
                "by innermost Vigil method (inclusive of the libraries it calls)",
                byVigilFrame,
                samples,
                top,
                cpuMicrosPerEvent);
        print("by leaf method (self)", byLeaf, samples, top, cpuMicrosPerEvent);
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top, double microsPerEvent) {
        System.out.println("  " + title + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(
                        Locale.ROOT,
                        "    %5.1f %%%s  %s%n",
                        100.0 * e.getValue() / total,
                        microsPerEvent > 0
                                ? String.format(Locale.ROOT, " %6.1f µs", microsPerEvent * e.getValue() / total)
                                : "",
                        e.getKey()));
    }
}
