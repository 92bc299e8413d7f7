package dev.vigil.engine.cli;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.vigil.engine.auth.PasswordHasher;
import dev.vigil.engine.auth.UserStore;
import dev.vigil.engine.config.ConfigException;
import dev.vigil.engine.config.ConfigLoader;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;
import dev.vigil.engine.daemon.Daemon;
import dev.vigil.engine.daemon.DataLock;
import dev.vigil.engine.daemon.Version;
import dev.vigil.engine.entity.EntitiesFile;
import dev.vigil.engine.fs.AtomicFiles;
import dev.vigil.engine.rules.CompileResult;
import dev.vigil.engine.rules.RuleError;
import dev.vigil.engine.rules.RulesCompiler;
import dev.vigil.engine.rules.RulesModule;
import dev.vigil.engine.rules.SiteNameCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The CLI commands; each returns the process exit code. */
final class Commands {
    private final VigilPaths paths;

    Commands(VigilPaths paths) {
        this.paths = paths;
    }

    int runDaemon() {
        Daemon daemon;
        try {
            VigilConfig config = ConfigLoader.load(paths);
            daemon = new Daemon(paths, config, Clock.systemUTC());
            CountDownLatch stopped = new CountDownLatch(1);
            Daemon started = daemon;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                started.close();
                                stopped.countDown();
                            },
                            "vigil-shutdown"));
            daemon.start();
            stopped.await();
            return 0;
        } catch (ConfigException e) {
            System.err.println("vigil: configuration error: " + e.getMessage());
            return 2;
        } catch (ProvisionException | CreationException e) {
            Throwable cause = rootConfigError(e);
            System.err.println("vigil: cannot start: " + (cause != null ? cause.getMessage() : e.getMessage()));
            return cause instanceof ConfigException ? 2 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (DataLock.DataFolderInUseException e) {
            System.err.println("vigil: cannot start: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("vigil: cannot start: " + e);
            return 1;
        }
    }

    private static Throwable rootConfigError(Throwable t) {
        // Guice keeps the provider's exception in its messages, not always as the cause.
        Collection<Message> messages = t instanceof CreationException ce
                ? ce.getErrorMessages()
                : t instanceof ProvisionException pe ? pe.getErrorMessages() : List.of();
        for (Message m : messages) {
            if (m.getCause() != null && m.getCause() != t) {
                return rootConfigError(m.getCause());
            }
        }
        Throwable c = t;
        while (c != null) {
            if (c instanceof ConfigException) {
                return c;
            }
            c = c.getCause();
        }
        Throwable last = t;
        while (last.getCause() != null) {
            last = last.getCause();
        }
        return last;
    }

    /** The site's configuration, or null after saying on stderr what is wrong with it. */
    private VigilConfig configOrComplain() {
        try {
            return ConfigLoader.load(paths);
        } catch (ConfigException e) {
            System.err.println("vigil: configuration error: " + e.getMessage());
            return null;
        }
    }

    int checkRules(String dirArg) {
        Path dir;
        VigilConfig config = configOrComplain();
        if (config == null) {
            return 2;
        }
        dir = dirArg != null ? Path.of(dirArg).toAbsolutePath() : paths.underHome(config.rules.directory);
        if (!Files.isDirectory(dir)) {
            System.err.println("vigil: rules folder " + dir + " does not exist");
            return 2;
        }
        SiteNameCheck.SiteNames names;
        try {
            names = RulesModule.siteNames(EntitiesFile.load(paths.entitiesYaml()), config);
        } catch (RuntimeException e) {
            System.err.println("vigil: " + paths.entitiesYaml() + ": " + e.getMessage());
            return 2;
        }
        CompileResult r = new RulesCompiler(config.rules.eventExpiry, () -> names)
                .onCluster("kafka".equals(config.journal.type) ? config.journal.kafka.key : null)
                .compile(dir);
        // A name the site does not know is a warning for a running daemon (the rules still load) but
        // fails this check: such a rule never matches, or fails at every firing.
        List<RuleError> unknown = r.warnings().stream()
                .filter(w -> w.message().startsWith("unknown "))
                .toList();
        for (RuleError w : r.warnings()) {
            if (!unknown.contains(w)) {
                System.out.println(
                        dir.resolve(w.file()) + ":" + w.line() + ":" + w.column() + ": warning: " + w.message());
            }
        }
        for (RuleError e : r.errors()) {
            System.err.println(dir.resolve(e.file()) + ":" + e.line() + ":" + e.column() + ": error: " + e.message());
        }
        for (RuleError e : unknown) {
            System.err.println(dir.resolve(e.file()) + ":" + e.line() + ":" + e.column() + ": error: " + e.message());
        }
        if (!r.ok() || !unknown.isEmpty()) {
            System.err.println((r.errors().size() + unknown.size()) + " error(s) in "
                    + r.files().size() + " file(s) in " + dir);
            return 1;
        }
        System.out.println("OK: " + r.ruleCount() + " rule(s) in " + r.files().size() + " file(s) in " + dir
                + (r.warnings().isEmpty() ? "" : ", " + r.warnings().size() + " warning(s)"));
        return 0;
    }

    /**
     * {@code vigil test-rules [RULES_DIR] [SCENARIO...] [--junit-xml FILE]}: compiles the rules, then
     * runs each scenario (default: every {@code *.yaml} under {@code RULES_DIR/tests}) on the site's
     * entities and configuration with a pseudo clock. 0 when all pass, 1 when one fails, 2 for a usage
     * or configuration error.
     */
    int testRules(List<String> args) {
        String junit;
        List<String> rest = new java.util.ArrayList<>(args);
        try {
            junit = CliOptions.take(rest, "--junit-xml");
        } catch (IllegalArgumentException e) {
            System.err.println("vigil: " + e.getMessage());
            return 2;
        }
        VigilConfig config = configOrComplain();
        if (config == null) {
            return 2;
        }
        Path dir = !rest.isEmpty() && Files.isDirectory(Path.of(rest.get(0)))
                ? Path.of(rest.remove(0)).toAbsolutePath()
                : paths.underHome(config.rules.directory);
        if (!Files.isDirectory(dir)) {
            System.err.println("vigil: rules folder " + dir + " does not exist");
            return 2;
        }
        CompileResult compiled = new RulesCompiler(config.rules.eventExpiry).compile(dir);
        for (RuleError e : compiled.errors()) {
            System.err.println(dir.resolve(e.file()) + ":" + e.line() + ":" + e.column() + ": error: " + e.message());
        }
        if (!compiled.ok()) {
            System.err.println("the rules do not compile; no scenario was run");
            return 1;
        }
        List<Path> files = new java.util.ArrayList<>();
        if (rest.isEmpty()) {
            Path tests = dir.resolve("tests");
            if (Files.isDirectory(tests)) {
                // Only the folder's own files: a scenario's site (site/entities.yaml) lives below it.
                try (java.util.stream.Stream<Path> s = Files.list(tests)) {
                    s.filter(Files::isRegularFile)
                            .filter(p -> p.toString().endsWith(".yaml")
                                    || p.toString().endsWith(".yml"))
                            .sorted()
                            .forEach(files::add);
                } catch (java.io.IOException e) {
                    System.err.println("vigil: cannot list " + tests + ": " + e.getMessage());
                    return 2;
                }
            }
        } else {
            rest.forEach(a -> files.add(Path.of(a)));
        }
        if (files.isEmpty()) {
            System.err.println("vigil: no scenarios: put them in " + dir.resolve("tests") + " or name them");
            return 2;
        }
        Path entities = paths.entitiesYaml();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("vigil-test-rules-");
        } catch (java.io.IOException e) {
            System.err.println("vigil: cannot create a scratch folder: " + e.getMessage());
            return 2;
        }
        dev.vigil.engine.ruletest.ScenarioRunner runner =
                new dev.vigil.engine.ruletest.ScenarioRunner(entities, dir, () -> ConfigLoader.load(paths), scratch);
        List<dev.vigil.engine.ruletest.ScenarioRunner.Result> results = new java.util.ArrayList<>();
        List<String> unreadable = new java.util.ArrayList<>();
        long t0 = System.nanoTime();
        for (Path f : files) {
            dev.vigil.engine.ruletest.Scenario scenario;
            try {
                scenario = dev.vigil.engine.ruletest.Scenario.read(f);
            } catch (IllegalArgumentException e) {
                System.out.println("ERROR " + e.getMessage());
                unreadable.add(e.getMessage());
                continue;
            }
            dev.vigil.engine.ruletest.ScenarioRunner.Result r = runner.run(scenario);
            results.add(r);
            System.out.println(dev.vigil.engine.ruletest.RuleTestReport.line(r));
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        System.out.printf(
                "%d scenario(s): %d passed, %d failed, %d unreadable, in %.1f s%n",
                results.size() + unreadable.size(),
                results.size() - failed,
                failed,
                unreadable.size(),
                (System.nanoTime() - t0) / 1e9);
        if (junit != null) {
            try {
                dev.vigil.engine.ruletest.RuleTestReport.writeJunitXml(Path.of(junit), results, unreadable);
            } catch (java.io.IOException e) {
                System.err.println("vigil: cannot write " + junit + ": " + e.getMessage());
                return 2;
            }
        }
        dev.vigil.engine.ruletest.ScenarioRunner.deleteTree(scratch);
        return failed == 0 && unreadable.isEmpty() ? 0 : 1;
    }

    /**
     * {@code vigil replay --rules DIR [--from T] [--to T] [--max-events N]}: the candidate rules and the
     * configured ones over the events the journal holds in [from, to), on scratch sites; prints what the
     * candidate would add, miss or change. 0 when it ran, 1 when the candidate does not compile, 2 for a
     * usage or configuration error.
     */
    int replay(List<String> args) {
        List<String> rest = new java.util.ArrayList<>(args);
        String rules;
        String from;
        String to;
        String max;
        try {
            rules = CliOptions.take(rest, "--rules");
            from = CliOptions.take(rest, "--from");
            to = CliOptions.take(rest, "--to");
            max = CliOptions.take(rest, "--max-events");
        } catch (IllegalArgumentException e) {
            System.err.println("vigil: " + e.getMessage());
            return 2;
        }
        if (rules == null || !rest.isEmpty()) {
            System.err.println("usage: vigil replay --rules DIR [--from T] [--to T] [--max-events N]");
            return 2;
        }
        VigilConfig config = configOrComplain();
        if (config == null) {
            return 2;
        }
        Instant now = Instant.now();
        Instant start;
        Instant end;
        int maxEvents;
        try {
            start = from == null ? Instant.EPOCH : when(from, now);
            end = to == null ? now : when(to, now);
            maxEvents = max == null ? 200_000 : Integer.parseInt(max);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            System.err.println("vigil: " + e.getMessage());
            return 2;
        }
        Path candidate = Path.of(rules).toAbsolutePath();
        if (!Files.isDirectory(candidate)) {
            System.err.println("vigil: rules folder " + candidate + " does not exist");
            return 2;
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("vigil-replay-");
        } catch (java.io.IOException e) {
            System.err.println("vigil: cannot create a scratch folder: " + e.getMessage());
            return 2;
        }
        try {
            dev.vigil.engine.ruletest.WhatIf whatIf =
                    new dev.vigil.engine.ruletest.WhatIf(paths.entitiesYaml(), () -> ConfigLoader.load(paths), scratch);
            dev.vigil.engine.ruletest.WhatIfReplay.Report report = dev.vigil.engine.ruletest.WhatIfReplay.run(
                    whatIf,
                    paths.data().resolve("journal"),
                    start,
                    end,
                    paths.underHome(config.rules.directory),
                    candidate,
                    maxEvents);
            System.out.print(dev.vigil.engine.ruletest.WhatIfReplay.text(report));
            return report.candidate().errors().isEmpty() ? 0 : 1;
        } catch (dev.vigil.engine.ruletest.WhatIfReplay.TooManyEvents e) {
            System.err.println("vigil: " + e.getMessage() + " (or raise --max-events)");
            return 2;
        } finally {
            dev.vigil.engine.ruletest.ScenarioRunner.deleteTree(scratch);
        }
    }

    /** An instant (ISO-8601) or a time ago ({@code 2h}, {@code 30m}). */
    private static Instant when(String text, Instant now) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            try {
                return now.minus(dev.vigil.engine.config.Durations.parse(text));
            } catch (RuntimeException notADuration) {
                throw new IllegalArgumentException(
                        "'" + text + "' is neither an instant (2026-11-30T08:00:00Z) nor a time ago (2h, 30m)");
            }
        }
    }

    int user(List<String> args) {
        String usage = "usage: vigil user add NAME --password-stdin [--role admin|operator]"
                + " | vigil user list | vigil user remove NAME";
        String verb = args.isEmpty() ? "" : args.get(0);
        UserStore.Role role = null;
        if (verb.equals("add") && args.size() == 5 && args.get(3).equals("--role")) {
            role = UserStore.Role.parse(args.get(4));
            if (role == null) {
                System.err.println("vigil: --role must be admin or operator, not '" + args.get(4) + "'");
                return 2;
            }
            args = args.subList(0, 3);
        }
        boolean ok = switch (verb) {
            case "add" -> args.size() == 3 && args.get(2).equals("--password-stdin");
            case "remove" -> args.size() == 2;
            case "list" -> args.size() == 1;
            default -> false;
        };
        if (!ok) {
            System.err.println(usage);
            return 2;
        }
        String password = null;
        if (verb.equals("add")) {
            try {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                System.err.println("vigil: cannot read the password from standard input: " + e.getMessage());
                return 1;
            }
            if (password == null || password.length() < 8) {
                System.err.println(
                        "vigil: the password (first line of standard input) must have at least 8 characters");
                return 2;
            }
        }
        Path file = paths.usersYaml();
        UserStore users;
        try {
            VigilConfig config = ConfigLoader.load(paths);
            users = new UserStore(file, new PasswordHasher(config.auth.pbkdf2Iterations));
        } catch (ConfigException e) {
            System.err.println("vigil: " + e.getMessage());
            return 2;
        }
        if (verb.equals("list")) {
            users.names()
                    .forEach(n -> System.out.println(n + "\t" + users.roleOf(n).text()));
            return 0;
        }
        String name = args.get(1);
        String owner = AtomicFiles.ownerOf(file);
        String me = System.getProperty("user.name");
        if (owner != null && !owner.equals(me)) {
            System.err.println("vigil: warning: " + file + " belongs to '" + owner + "' and you are '" + me
                    + "'; it keeps its owner, group and mode where this user may give them");
        }
        try {
            if (verb.equals("remove")) {
                if (!users.remove(name)) {
                    System.err.println("vigil: no user '" + name + "' in " + file);
                    return 1;
                }
            } else {
                users.put(name, password.toCharArray(), role);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("vigil: " + e.getMessage());
            return 2;
        }
        String after = AtomicFiles.ownerOf(file);
        if (owner != null && !owner.equals(after)) {
            System.err.println("vigil: warning: " + file + " now belongs to '" + after + "', not '" + owner
                    + "': the daemon may not read it; give it back with chown");
        }
        System.out.println("user " + name
                + (verb.equals("remove")
                        ? " removed from "
                        : " (" + users.roleOf(name).text() + ") saved in ")
                + file
                + " (a running daemon picks it up within seconds, or at once on SIGHUP)");
        return 0;
    }

    int version() {
        System.out.println("vigil " + Version.get());
        return 0;
    }
}
