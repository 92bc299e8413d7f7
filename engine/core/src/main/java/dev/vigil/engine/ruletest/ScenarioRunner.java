package dev.vigil.engine.ruletest;

import dev.vigil.api.Event;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.store.AlarmStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a {@link Scenario} on a fresh {@link RuleTestSite}: the site's entities and configuration,
 * the rules under test, an empty store and journal, and a pseudo clock that jumps from step to step.
 * Rules' sends go to stand-in sinks, one per sink name the site configures, which record them.
 */
public final class ScenarioRunner {
    /** What a scenario came to: the expectations that failed, each with what happened instead. */
    public record Result(Scenario scenario, int checked, List<String> failures, Duration wallTime) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private final Path entitiesYaml;
    private final Path rulesDir;
    private final Supplier<VigilConfig> config;
    private final Path scratch;

    /**
     * @param config a fresh copy of the site's configuration per call (a run changes it)
     * @param scratch where each run keeps its journal and store while it runs
     */
    public ScenarioRunner(Path entitiesYaml, Path rulesDir, Supplier<VigilConfig> config, Path scratch) {
        this.entitiesYaml = entitiesYaml;
        this.rulesDir = rulesDir;
        this.config = config;
        this.scratch = scratch;
    }

    private List<String> compileErrors;

    /** The rules' own errors, found once per runner: a scenario on rules that do not compile fails with them. */
    private List<String> compileErrors(VigilConfig c) {
        if (compileErrors == null) {
            dev.vigil.engine.rules.CompileResult r =
                    new dev.vigil.engine.rules.RulesCompiler(c.rules.eventExpiry).compile(rulesDir);
            compileErrors = r.errors().stream()
                    .map(e -> "the rules do not compile: " + e)
                    .toList();
        }
        return compileErrors;
    }

    public Result run(Scenario scenario) {
        long t0 = System.nanoTime();
        VigilConfig c = config.get();
        if (!compileErrors(c).isEmpty()) {
            return new Result(scenario, 0, compileErrors(c), Duration.ofNanos(System.nanoTime() - t0));
        }
        if (scenario.timeZone() != null) {
            c.site.timeZone = scenario.timeZone();
        }
        List<String> sinkNames =
                new ArrayList<>(c.sinks.stream().map(p -> p.name).toList());
        scenario.sinks().stream().filter(n -> !sinkNames.contains(n)).forEach(sinkNames::add);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        Path work;
        try {
            Files.createDirectories(scratch);
            work = Files.createTempDirectory(scratch, "scenario-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path entities = scenario.site() != null ? scenario.site() : entitiesYaml;
        try (RuleTestSite site = new RuleTestSite(work, entities, rulesDir, c, scenario.start())) {
            Map<String, List<Event>> sent = standInSinks(site, sinkNames);
            for (Scenario.Step step : scenario.steps()) {
                site.at(scenario.start().plus(step.at()));
                String where = "step " + step.index() + " at " + human(step.at());
                if (step instanceof Scenario.EventStep e) {
                    try {
                        UUID source = guid(site, e.source());
                        site.raise(
                                e.type(),
                                source.equals(new UUID(0, 0)) ? e.source() : source.toString(),
                                e.properties());
                    } catch (RuntimeException refused) {
                        failures.add(where + ": the event " + e.type() + " from " + e.source() + " was refused: "
                                + rootMessage(refused));
                    }
                } else if (step instanceof Scenario.ExpectStep x) {
                    settleSends(site, sinkNames);
                    checked++;
                    String problem = x.expectation().sent() != null
                            ? checkSent(site, x.expectation(), sent)
                            : checkAlarm(site, scenario, x.expectation());
                    if (problem != null) {
                        failures.add(where + ": " + problem);
                    }
                }
            }
        } finally {
            deleteTree(work);
        }
        return new Result(scenario, checked, List.copyOf(failures), Duration.ofNanos(System.nanoTime() - t0));
    }

    private static Map<String, List<Event>> standInSinks(RuleTestSite site, List<String> names) {
        Map<String, List<Event>> sent = new LinkedHashMap<>();
        for (String name : names) {
            sent.put(name, new CopyOnWriteArrayList<>());
        }
        site.standInSinks(names, (name, e) -> sent.get(name).add(e));
        return sent;
    }

    static void settleSends(RuleTestSite site, List<String> names) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long ticket = site.sinks.sendTicket();
        while (System.nanoTime() < until
                && (!site.sinks.isSent(ticket) || names.stream().anyMatch(site.sinks::hasUndeliveredSends))) {
            // the persister and the sinks work on their own threads: look again shortly
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
    }

    private String checkSent(RuleTestSite site, Scenario.Expectation x, Map<String, List<Event>> sent) {
        List<Event> got = sent.get(x.sent());
        if (got == null) {
            return "expected a send to sink '" + x.sent() + "', which the site does not configure (its sinks: "
                    + String.join(", ", sent.keySet()) + ")";
        }
        List<Event> matching = got.stream()
                .filter(e -> x.type() == null || e.getType().equalsIgnoreCase(x.type()))
                .filter(e -> x.source() == null || e.getSource().equals(guid(site, x.source())))
                .toList();
        if (matching.isEmpty()) {
            return "expected a rule to send " + (x.type() == null ? "an event" : x.type())
                    + (x.source() == null ? "" : " from " + x.source()) + " to sink '" + x.sent() + "'; it got "
                    + (got.isEmpty()
                            ? "nothing"
                            : got.stream()
                                    .map(e -> e.getType() + " from " + name(site, e.getSource()))
                                    .collect(Collectors.joining(", ")));
        }
        return null;
    }

    private String checkAlarm(RuleTestSite site, Scenario scenario, Scenario.Expectation x) {
        List<Alarm> all = instances(site);
        UUID source = x.source() == null ? null : guid(site, x.source());
        List<Alarm> named = all.stream()
                .filter(a -> a.getAlarmName() != null && a.getAlarmName().equalsIgnoreCase(x.alarm()))
                .filter(a -> source == null || source.equals(a.getSourceGuid()))
                .toList();
        String what = "alarm '" + x.alarm() + "'" + (x.source() == null ? "" : " for " + x.source());
        if (x.absent()) {
            return named.isEmpty()
                    ? null
                    : "expected no " + what + "; it was triggered: " + describe(site, scenario, named);
        }
        List<Alarm> matching = named.stream()
                .filter(a -> x.state() == null || a.getState().name().equals(x.state()))
                .filter(a -> x.priority() == null || a.getPriority() == x.priority())
                .filter(a -> x.contextContains() == null
                        || (a.getContext() != null && a.getContext().contains(x.contextContains())))
                .filter(a -> x.triggeredAt() == null
                        || scenario.start().plus(x.triggeredAt()).equals(a.getTriggerTime()))
                .filter(a ->
                        x.forwardedTo() == null || a.getForwardedRecipients().contains(guid(site, x.forwardedTo())))
                .filter(a -> x.attached() == null
                        || a.getAttachedEntities()
                                .equals(x.attached().stream()
                                        .map(r -> guid(site, r))
                                        .toList()))
                .toList();
        if (x.count() != null ? matching.size() == x.count() : !matching.isEmpty()) {
            return null;
        }
        StringBuilder wanted = new StringBuilder(what);
        if (x.state() != null) {
            wanted.append(", ")
                    .append(x.state().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        if (x.priority() != null) {
            wanted.append(", priority ").append(x.priority());
        }
        if (x.triggeredAt() != null) {
            wanted.append(", triggered at ").append(human(x.triggeredAt()));
        }
        if (x.attached() != null) {
            wanted.append(", attached ").append(x.attached());
        }
        if (x.rule() != null) {
            wanted.append(", by rule ").append(x.rule());
        }
        if (x.forwardedTo() != null) {
            wanted.append(", forwarded to ").append(x.forwardedTo());
        }
        if (x.contextContains() != null) {
            wanted.append(", context containing '").append(x.contextContains()).append('\'');
        }
        return "expected " + (x.count() == null ? "" : x.count() + " instance(s) of ") + wanted + "; "
                + (all.isEmpty() ? "no alarm was triggered" : "the alarms so far: " + describe(site, scenario, all));
    }

    /** Every instance triggered so far, as it is now: the latest stored change of each. */
    private static List<Alarm> instances(RuleTestSite site) {
        Map<Long, Alarm> latest = new LinkedHashMap<>();
        for (AlarmStore.StoredChange c : new AlarmStore(site.db).changesBetween(0, Long.MAX_VALUE, 1_000_000)) {
            latest.put(c.alarm().getInstanceId(), c.alarm());
        }
        return latest.values().stream()
                .sorted(Comparator.comparingLong(Alarm::getInstanceId))
                .toList();
    }

    private static String describe(RuleTestSite site, Scenario scenario, List<Alarm> alarms) {
        return alarms.stream()
                .map(a -> a.getAlarmName() + " #" + a.getInstanceId() + " for " + name(site, a.getSourceGuid()) + ", "
                        + a.getState().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", priority "
                        + a.getPriority() + ", triggered at "
                        + human(Duration.between(scenario.start(), a.getTriggerTime()))
                        + (a.getRule() == null ? "" : ", by rule " + a.getRule())
                        + (a.getForwardedRecipients().isEmpty()
                                ? ""
                                : ", forwarded to "
                                        + a.getForwardedRecipients().stream()
                                                .map(g -> name(site, g))
                                                .toList())
                        + (a.getAttachedEntities().isEmpty()
                                ? ""
                                : ", attached "
                                        + a.getAttachedEntities().stream()
                                                .map(g -> name(site, g))
                                                .toList()))
                .collect(Collectors.joining("; "));
    }

    /** A GUID, LogicalID(Type,N), or an entity's name of any type; an unknown one matches nothing. */
    private static UUID guid(RuleTestSite site, String ref) {
        UUID guid = site.guidOf(ref);
        return guid == null ? new UUID(0, 0) : guid;
    }

    private static String name(RuleTestSite site, UUID guid) {
        if (guid == null) {
            return "(no source)";
        }
        Optional<Entity> e = site.entities.get(guid);
        return e.map(Entity::name).filter(n -> !n.isEmpty()).orElse(guid.toString());
    }

    static String human(Duration d) {
        if (d.isNegative()) {
            return "-" + human(d.negated());
        }
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Removes a scratch folder and what is in it; one left behind is harmless. */
    public static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a scratch folder left behind is harmless; the next run makes its own
        }
    }
}
