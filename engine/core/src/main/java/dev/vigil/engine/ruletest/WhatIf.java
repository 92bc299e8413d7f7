package dev.vigil.engine.ruletest;

import dev.vigil.api.AlarmChange;
import dev.vigil.api.Event;
import dev.vigil.engine.alarm.Alarm;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.rules.CompileResult;
import dev.vigil.engine.rules.RulesCompiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a rule set would have done over events already journaled: the events go, in their order and
 * at their own times, through the real engine on a scratch site (its own journal, store and pseudo
 * clock, the site's entities and configuration), with stand-ins for the sinks. Nothing of the running
 * daemon is touched: no alarm is stored, no sink is called. The replay starts with no active alarm.
 */
public final class WhatIf {
    /**
     * One thing the rules did.
     *
     * @param kind an alarm change ({@code TRIGGERED}, {@code FORWARDED}...) or {@code SENT}
     * @param subject the alarm's name, or the sink's for a send
     * @param detail what distinguishes it: priority and context, recipients, the event sent
     */
    public record Action(Instant at, String kind, String subject, String source, String detail, String rule) {
        /** What pairs an action of one run with the other's: the same kind of thing to the same alarm and source. */
        String identity() {
            return kind + "|" + subject + "|" + source;
        }
    }

    /** One rule set's replay: its actions, or why it could not run. */
    public record Run(Path rules, int events, List<Action> actions, List<String> errors, Duration took) {}

    /** Events closer than this go into the session together, as one batch of the live loop would. */
    private static final long BATCH_MILLIS = 100;

    private static final int BATCH_EVENTS = 1000;

    private final Path entitiesYaml;
    private final Supplier<VigilConfig> config;
    private final Path scratch;

    public WhatIf(Path entitiesYaml, Supplier<VigilConfig> config, Path scratch) {
        this.entitiesYaml = entitiesYaml;
        this.config = config;
        this.scratch = scratch;
    }

    /** Runs {@code rulesDir} over {@code events} (in journal order), then lets the clock run to {@code end}. */
    public Run run(Path rulesDir, List<Event> events, Instant end) {
        long t0 = System.nanoTime();
        VigilConfig c = config.get();
        CompileResult compiled = new RulesCompiler(c.rules.eventExpiry).compile(rulesDir);
        if (!compiled.ok()) {
            return new Run(
                    rulesDir,
                    events.size(),
                    List.of(),
                    compiled.errors().stream().map(Object::toString).toList(),
                    Duration.ofNanos(System.nanoTime() - t0));
        }
        List<Action> actions = new CopyOnWriteArrayList<>();
        Instant start = events.isEmpty() ? end : events.get(0).getTimestamp();
        Path work;
        try {
            Files.createDirectories(scratch);
            work = Files.createTempDirectory(scratch, "what-if-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> sinkNames = c.sinks.stream().map(p -> p.name).toList();
        try (RuleTestSite site = new RuleTestSite(work, entitiesYaml, rulesDir, c, start)) {
            site.alarms.addListener((change, alarm) -> actions.add(action(site, change, alarm)));
            site.standInSinks(
                    sinkNames,
                    (sink, e) -> actions.add(
                            new Action(site.now(), "SENT", sink, name(site, e.getSource()), e.getType(), null)));
            feed(site, events);
            if (end.isAfter(site.now())) {
                site.at(end);
            }
            ScenarioRunner.settleSends(site, sinkNames);
        } finally {
            ScenarioRunner.deleteTree(work);
        }
        List<Action> ordered = foldRepeats(new ArrayList<>(actions));
        ordered.sort(Comparator.comparing(Action::at));
        return new Run(
                rulesDir, events.size(), List.copyOf(ordered), List.of(), Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Keeps the last of each run of repeats of one alarm on one source (nothing else of it between), as
     * the alarm persister does when such a run lands in one of its groups. Whether it does depends on
     * how fast the store answered, so without this two replays of the same rules could differ by a
     * RETRIGGERED; with it they compare what the rules did, not how the persister grouped it.
     */
    static List<Action> foldRepeats(List<Action> inOrder) {
        Action[] kept = inOrder.toArray(new Action[0]);
        Map<String, Integer> openRun = new java.util.HashMap<>();
        for (int i = 0; i < kept.length; i++) {
            Action a = kept[i];
            String instance = a.subject() + "|" + a.source();
            if (!a.kind().equals("RETRIGGERED")) {
                openRun.remove(instance);
                continue;
            }
            Integer previous = openRun.put(instance, i);
            if (previous != null) {
                kept[previous] = null;
            }
        }
        List<Action> out = new ArrayList<>(kept.length);
        for (Action a : kept) {
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    private static void feed(RuleTestSite site, List<Event> events) {
        List<Event> batch = new ArrayList<>();
        long batchStart = 0;
        for (Event e : events) {
            long ts = e.getTimestampMillis();
            if (!batch.isEmpty() && (ts - batchStart >= BATCH_MILLIS || batch.size() >= BATCH_EVENTS)) {
                submit(site, batch);
            }
            if (batch.isEmpty()) {
                batchStart = ts;
            }
            batch.add(e);
        }
        submit(site, batch);
    }

    private static void submit(RuleTestSite site, List<Event> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Instant newest = batch.get(batch.size() - 1).getTimestamp();
        if (newest.isAfter(site.now())) {
            site.at(newest);
        }
        RuleTestSite.await(site.ingest.ingest(new ArrayList<>(batch), System.nanoTime()));
        site.settle();
        batch.clear();
    }

    private static Action action(RuleTestSite site, AlarmChange change, Alarm a) {
        String detail = switch (change.kind()) {
            case TRIGGERED, RETRIGGERED ->
                "priority " + a.getPriority()
                        + (a.getContext() == null || a.getContext().isEmpty() ? "" : ", \"" + a.getContext() + "\"");
            case FORWARDED ->
                "to "
                        + a.getForwardedRecipients().stream()
                                .map(g -> name(site, g))
                                .collect(Collectors.joining(", "));
            case CONTEXT_EDITED -> "\"" + a.getContext() + "\"";
            case ACKNOWLEDGED -> a.getAckType() + " by " + a.getAckBy();
            default -> "";
        };
        return new Action(
                change.at(),
                change.kind().name(),
                a.getAlarmName(),
                name(site, a.getSourceGuid()),
                detail,
                a.getRule());
    }

    private static String name(RuleTestSite site, UUID guid) {
        return guid == null ? "" : site.entities.get(guid).map(Entity::name).orElse(guid.toString());
    }
}
