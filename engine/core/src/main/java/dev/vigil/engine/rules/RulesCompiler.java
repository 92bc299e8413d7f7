package dev.vigil.engine.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.io.ResourceType;
import org.kie.internal.io.ResourceFactory;
import org.kie.internal.utils.KieHelper;

/**
 * Compiles every {@code *.drl} in a folder into one STREAM-mode KieBase, together with Vigil's
 * own declarations (Event is an event with an explicit timestamp and expiry). Errors come back
 * with file, line and column; nothing here touches a running session.
 */
public final class RulesCompiler {
    static final String DECLARATIONS_PATH = "vigil-builtin/declarations.drl";
    // Drools hashes "field == literal" across rules; these it evaluates rule by rule. A map read such as
    // properties["zone"] == "Z1" is one of them: 1,000 such rules ran at 18 % of the rate of 100 (README).
    private static final Pattern SLOW_CONSTRAINT =
            Pattern.compile("(!=|\\|\\||\\.\\w+\\s*\\(|(?<!\\w)(?!(?:after|before"
                    + "|coincides|during|finishes|finishedby|includes|meets|metby|overlaps|overlappedby|starts|startedby)"
                    + "\\s*\\[)\\w+\\s*\\[)");
    // source is a java.util.UUID: compared with a text it compiles and never matches.
    private static final Pattern SOURCE_IS_TEXT = Pattern.compile("(?<!\\w)source\\s*==\\s*\"([^\"]*)\"");
    private static final Pattern SOURCE_ID_TEXT = Pattern.compile("(?<!\\w)sourceId\\s*==\\s*\"([^\"]*)\"");
    private static final Pattern CANONICAL_GUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern WINDOW_LENGTH = Pattern.compile("window\\s*:\\s*length");
    private final Duration eventExpiry;
    private final java.util.function.Supplier<SiteNameCheck.SiteNames> site;
    /** On a cluster, what its events are keyed by ({@code journal.kafka.key}); null on one node. */
    private String clusterKey;

    public RulesCompiler(Duration eventExpiry) {
        this(eventExpiry, null);
    }

    /** @param site the names the site knows now (read at every compile), to warn about unknown ones; null: no check */
    public RulesCompiler(Duration eventExpiry, java.util.function.Supplier<SiteNameCheck.SiteNames> site) {
        this.eventExpiry = eventExpiry;
        this.site = site;
    }

    /** Warns about rules that join events a cluster keyed by {@code key} may put on different nodes. */
    public RulesCompiler onCluster(String key) {
        this.clusterKey = key;
        return this;
    }

    /** Sorted list of the DRL files directly in {@code dir}. */
    public static List<Path> drlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".drl") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list rules folder " + dir, e);
        }
    }

    /** Changes whenever a DRL file is added, removed or edited. */
    public static String fingerprint(Path dir) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : drlFiles(dir)) {
                md.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(p));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            // A file vanishing mid-read shows as a change; the next check settles it.
            return "unreadable:" + System.nanoTime();
        }
    }

    public CompileResult compile(Path dir) {
        String fingerprint = fingerprint(dir);
        List<Path> files = drlFiles(dir);
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        List<RuleError> problems = new ArrayList<>();
        Map<String, String[]> sources = new HashMap<>();
        List<String> texts = new ArrayList<>();
        Map<String, byte[]> drl = new java.util.LinkedHashMap<>();
        Duration expiry = eventExpiry;
        for (Path p : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(p);
            } catch (IOException e) {
                problems.add(new RuleError(p.getFileName().toString(), 0, 0, "cannot read: " + e.getMessage(), false));
                continue;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            texts.add(text);
            sources.put(p.getFileName().toString(), text.split("\n", -1));
            Duration longest = longestTemporalReach(text);
            if (longest.compareTo(expiry) > 0) {
                expiry = longest;
            }
            lint(p.getFileName().toString(), text, problems);
            if (clusterKey != null) {
                problems.addAll(ClusterJoinCheck.check(p.getFileName().toString(), text, clusterKey));
            }
            if (site != null) {
                problems.addAll(SiteNameCheck.check(p.getFileName().toString(), text, site.get()));
            }
            drl.put(p.getFileName().toString(), bytes);
        }
        if (problems.stream().anyMatch(e -> !e.warning())) {
            return new CompileResult(null, names, 0, problems, fingerprint, eventExpiry, EventRetention.keepAll());
        }
        Verified all;
        try {
            all = verify(drl, sources);
        } catch (RuntimeException e) {
            problems.add(new RuleError(
                    names.isEmpty() ? "(rules)" : names.get(0), 0, 0, "compiler failed: " + e.getMessage(), false));
            return new CompileResult(null, names, 0, problems, fingerprint, eventExpiry, EventRetention.keepAll());
        }
        if (all.errors().stream().anyMatch(e -> !e.warning())) {
            problems.addAll(ownErrorsOnly(drl, sources, all.errors()));
            return new CompileResult(null, names, 0, problems, fingerprint, eventExpiry, EventRetention.keepAll());
        }
        problems.addAll(all.errors());
        KieHelper helper = all.helper();
        KieBase base = helper.build(EventProcessingOption.STREAM);
        int rules = 0;
        for (KiePackage pkg : base.getKiePackages()) {
            rules += pkg.getRules().size();
        }
        return new CompileResult(
                base, names, rules, problems, fingerprint, expiry, EventRetention.analyse(base, texts));
    }

    private record Verified(KieHelper helper, List<RuleError> errors) {}

    /** Drools' verdict on these files together (with Vigil's declarations), one error per problem. */
    private static Verified verify(Map<String, byte[]> drl, Map<String, String[]> sources) {
        KieHelper helper = new KieHelper();
        drl.forEach((name, bytes) ->
                helper.addResource(ResourceFactory.newByteArrayResource(bytes).setSourcePath(name), ResourceType.DRL));
        // The rules thread deletes events older than the expiry; it must cover the longest window.
        helper.addResource(
                ResourceFactory.newByteArrayResource(DECLARATIONS.getBytes(StandardCharsets.UTF_8))
                        .setSourcePath(DECLARATIONS_PATH),
                ResourceType.DRL);
        Results results = helper.verify();
        List<RuleError> errors = new ArrayList<>();
        for (Message m : results.getMessages()) {
            if (m.getLevel() == Message.Level.INFO) {
                continue;
            }
            String path = m.getPath() == null ? "(rules)" : m.getPath().replaceFirst("^src/main/resources/", "");
            boolean warning = m.getLevel() == Message.Level.WARNING;
            for (String text : split(m.getText(), ruleNameAt(sources.get(path), m.getLine()))) {
                int line = Math.max(0, m.getLine());
                int column = m.getColumn();
                int[] at = locateInRule(sources.get(path), line, text);
                if (at != null) {
                    line = at[0];
                    column = at[1];
                } else if (column <= 0) {
                    column = guessColumn(sources.get(path), line, text);
                }
                errors.add(new RuleError(path, line, column, text, warning));
            }
        }
        // "Parser returned a null Package" only repeats that the file's syntax error stopped its parse.
        List<String> withOthers = errors.stream()
                .filter(e -> !e.message().startsWith("Parser returned a null Package"))
                .map(RuleError::file)
                .toList();
        errors.removeIf(e -> e.message().startsWith("Parser returned a null Package") && withOthers.contains(e.file()));
        return new Verified(helper, errors);
    }

    /**
     * Drools gives one message for all of a consequence's Java errors: "Rule Compilation error error 1
     * / error 2", one per line. Each becomes an error of its own, naming the rule.
     */
    private static List<String> split(String text, String rule) {
        String prefix = "Rule Compilation error";
        if (!text.startsWith(prefix)) {
            return List.of(text.replaceAll("\\s+", " ").trim());
        }
        List<String> out = new ArrayList<>();
        for (String detail : text.substring(prefix.length()).split("\n")) {
            detail = detail.replaceAll("\\s+", " ").replaceFirst("^[: ]+", "").trim();
            if (!detail.isEmpty()) {
                out.add((rule == null ? "in a consequence: " : "in the consequence of rule '" + rule + "': ") + detail);
            }
        }
        return out.isEmpty() ? List.of(text.replaceAll("\\s+", " ").trim()) : out;
    }

    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");

    /** The name of the rule declared on {@code line}, or null. */
    private static String ruleNameAt(String[] lines, int line) {
        if (lines == null || line < 1 || line > lines.length) {
            return null;
        }
        Matcher m = RULE_HEADER.matcher(lines[line - 1]);
        return m.find() ? m.group(1) : null;
    }

    private static final List<Pattern> CULPRITS = List.of(
            Pattern.compile("The method (\\w+)\\("),
            Pattern.compile("The constructor (\\w+)\\("),
            Pattern.compile("(\\w+) cannot be resolved"),
            Pattern.compile("The field \\w+\\.(\\w+) is not visible"),
            Pattern.compile("Unable to resolve ObjectType '(\\w+)'"));

    /**
     * Drools reports a consequence's Java error at the rule's first line. The name the message is
     * about (the undefined method, the unknown type) is looked for from there to the rule's end.
     */
    static int[] locateInRule(String[] lines, int ruleLine, String message) {
        if (lines == null || ruleLine < 1 || ruleLine > lines.length) {
            return null;
        }
        for (Pattern culprit : CULPRITS) {
            Matcher m = culprit.matcher(message);
            if (!m.find()) {
                continue;
            }
            Pattern use = Pattern.compile("\\b" + Pattern.quote(m.group(1)) + "\\b");
            for (int i = ruleLine - 1; i < lines.length; i++) {
                Matcher u = use.matcher(lines[i]);
                if (u.find()) {
                    return new int[] {i + 1, u.start() + 1};
                }
                if (i > ruleLine - 1 && lines[i].trim().startsWith("rule ")) {
                    break;
                }
            }
        }
        return null;
    }

    /**
     * When the files together do not compile, one file's mistake can make Drools report errors in
     * others (a syntax error drops its package's declarations, so a neighbour's {@code declare}d type
     * "cannot be resolved"). Each file with errors is compiled again with the files that had none: if
     * it compiles then, its errors were its neighbours', and it joins them for the next round.
     */
    private static List<RuleError> ownErrorsOnly(
            Map<String, byte[]> drl, Map<String, String[]> sources, List<RuleError> together) {
        Map<String, List<RuleError>> byFile = new java.util.LinkedHashMap<>();
        for (RuleError e : together) {
            if (!e.warning()) {
                byFile.computeIfAbsent(e.file(), k -> new ArrayList<>()).add(e);
            }
        }
        if (byFile.size() < 2 || !drl.keySet().containsAll(byFile.keySet())) {
            return together;
        }
        Map<String, byte[]> clean = new java.util.LinkedHashMap<>(drl);
        byFile.keySet().forEach(clean::remove);
        Map<String, List<RuleError>> suspects = new java.util.LinkedHashMap<>(byFile);
        boolean cleared = true;
        while (cleared && !suspects.isEmpty()) {
            cleared = false;
            for (String file : List.copyOf(suspects.keySet())) {
                Map<String, byte[]> trial = new java.util.LinkedHashMap<>(clean);
                trial.put(file, drl.get(file));
                List<RuleError> alone = verify(trial, sources).errors().stream()
                        .filter(e -> !e.warning() && e.file().equals(file))
                        .toList();
                if (alone.isEmpty()) {
                    suspects.remove(file);
                    clean.put(file, drl.get(file));
                    cleared = true;
                } else {
                    suspects.put(file, alone);
                }
            }
        }
        List<RuleError> out = new ArrayList<>();
        together.stream().filter(RuleError::warning).forEach(out::add);
        suspects.values().forEach(out::addAll);
        return out;
    }

    /**
     * Drools reports many errors with column 0. Point at the first word of the message that
     * appears on the reported line, else at the line's first non-blank character.
     */
    static int guessColumn(String[] lines, int line, String message) {
        if (lines == null || line < 1 || line > lines.length) {
            return 0;
        }
        String l = lines[line - 1];
        Matcher words = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{2,}").matcher(message);
        while (words.find()) {
            String w = words.group();
            Matcher inLine = Pattern.compile("\\b" + Pattern.quote(w) + "\\b").matcher(l);
            if (!COMMON_WORDS.contains(w.toLowerCase(Locale.ROOT)) && inLine.find()) {
                return inLine.start() + 1;
            }
        }
        for (int i = 0; i < l.length(); i++) {
            if (!Character.isWhitespace(l.charAt(i))) {
                return i + 1;
            }
        }
        return 1;
    }

    private static final Set<String> COMMON_WORDS = Set.of(
            "rule",
            "unable",
            "the",
            "for",
            "type",
            "error",
            "when",
            "then",
            "end",
            "line",
            "expression",
            "analyse",
            "field",
            "method",
            "not");

    /**
     * Event is an event stamped with its own time. There is deliberately no {@code @expires}: Drools
     * would schedule a timer job per event (about 300 bytes each); the rules thread expires events
     * itself, oldest first, with the same meaning (see RulesEngine).
     */
    private static final String DECLARATIONS = """
            package vigil.builtin;
            import dev.vigil.api.Event;
            declare Event
              @role(event)
              @timestamp(timestampMillis)
            end
            """;

    private static final Pattern WINDOW_TIME = Pattern.compile("window\\s*:\\s*time\\s*\\(([^)]*)\\)");
    private static final Pattern TEMPORAL_OP = Pattern.compile(
            "\\b(after|before|coincides|during|finishes|finishedby|includes|meets|metby|overlaps|overlappedby|starts"
                    + "|startedby)\\s*\\[([^\\]]*)]");
    private static final Pattern TIME_PART = Pattern.compile("(\\d+)\\s*(ms|d|h|m|s)");

    /** The longest window:time or temporal-operator distance written in a DRL text. */
    static Duration longestTemporalReach(String drl) {
        Duration longest = Duration.ZERO;
        for (Pattern p : List.of(WINDOW_TIME, TEMPORAL_OP)) {
            Matcher m = p.matcher(drl);
            while (m.find()) {
                for (String part : m.group(m.groupCount()).split(",")) {
                    Duration d = droolsDuration(part);
                    if (d.compareTo(longest) > 0) {
                        longest = d;
                    }
                }
            }
        }
        return longest;
    }

    private static Duration droolsDuration(String text) {
        Matcher m = TIME_PART.matcher(text);
        Duration total = Duration.ZERO;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(
                    switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    });
        }
        return total;
    }

    /**
     * Flags constraints Drools cannot index ({@code !=}, {@code ||}, method calls) on lines that
     * match events, since each costs ~100 ns per rule per event, and {@code window:length},
     * which never expires events.
     */
    static void lint(String file, String text, List<RuleError> out) {
        String[] lines = text.split("\n", -1);
        boolean inWhen = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceAll("//.*$", "");
            String trimmed = line.trim();
            if (trimmed.startsWith("when")) {
                inWhen = true;
            } else if (trimmed.startsWith("then")) {
                inWhen = false;
            }
            if (!inWhen) {
                continue;
            }
            if (WINDOW_LENGTH.matcher(line).find()) {
                out.add(new RuleError(
                        file,
                        i + 1,
                        line.indexOf("window") + 1,
                        "window:length never expires events in STREAM mode; use window:time",
                        true));
            }
            if (line.contains("Event(")) {
                guidAsText(file, i + 1, line, out);
                Matcher m = SLOW_CONSTRAINT.matcher(line.substring(line.indexOf("Event(")));
                if (m.find()) {
                    out.add(new RuleError(
                            file,
                            i + 1,
                            line.indexOf("Event(") + m.start() + 1,
                            "constraint '" + m.group(1).trim() + "' on Event cannot be indexed (slow with many rules);"
                                    + " prefer field == value",
                            true));
                }
            }
        }
    }

    /** {@code source == "guid"} never matches, and {@code sourceId} only matches the GUID's lower-case text. */
    private static void guidAsText(String file, int line, String text, List<RuleError> out) {
        Matcher source = SOURCE_IS_TEXT.matcher(text);
        while (source.find()) {
            out.add(new RuleError(
                    file,
                    line,
                    source.start() + 1,
                    "source is a GUID and never equals a text: write sourceId == \""
                            + source.group(1)
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .replace("{", "")
                                    .replace("}", "")
                            + "\" (hashed across rules like type ==)",
                    false));
        }
        Matcher id = SOURCE_ID_TEXT.matcher(text);
        while (id.find()) {
            if (!CANONICAL_GUID.matcher(id.group(1)).matches()) {
                out.add(new RuleError(
                        file,
                        line,
                        id.start() + 1,
                        "sourceId is the source's GUID in lower case (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), so '"
                                + id.group(1) + "' never matches",
                        false));
            }
        }
    }
}
