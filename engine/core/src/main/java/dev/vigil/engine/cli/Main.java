package dev.vigil.engine.cli;

import dev.vigil.engine.config.VigilPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vigil run | check-rules [DIR] | user add NAME --password-stdin | user list | user remove NAME | version}, with
 * {@code --conf DIR} (or VIGIL_CONF) and {@code --data DIR} (or VIGIL_DATA). No logger is touched
 * before the logging configuration in the conf folder is chosen.
 */
public final class Main {
    private Main() {}

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    static int run(String[] argv) {
        List<String> args = new ArrayList<>(List.of(argv));
        String conf;
        String data;
        try {
            conf = CliOptions.take(args, "--conf");
            data = CliOptions.take(args, "--data");
        } catch (IllegalArgumentException e) {
            System.err.println("vigil: " + e.getMessage() + "\n" + usage());
            return 2;
        }
        if (args.isEmpty()) {
            System.err.println(usage());
            return 2;
        }
        Path home = Path.of(System.getProperty("vigil.home", envOr("VIGIL_HOME", ".")))
                .toAbsolutePath()
                .normalize();
        Path confDir = Path.of(
                        conf != null
                                ? conf
                                : envOr("VIGIL_CONF", home.resolve("conf").toString()))
                .toAbsolutePath()
                .normalize();
        Path dataDir = Path.of(
                        data != null
                                ? data
                                : envOr("VIGIL_DATA", home.resolve("data").toString()))
                .toAbsolutePath()
                .normalize();
        String command = args.remove(0);
        if (!command.equals("run") && System.getProperty("logback.configurationFile") == null) {
            // One-shot commands print to the terminal; only the daemon logs.
            System.setProperty("logback.configurationFile", "vigil-cli-logback.xml");
        } else if (System.getProperty("logback.configurationFile") == null
                && Files.isRegularFile(confDir.resolve("logback.xml"))) {
            System.setProperty(
                    "logback.configurationFile", confDir.resolve("logback.xml").toString());
        }
        Commands commands = new Commands(new VigilPaths(home, confDir, dataDir));
        return switch (command) {
            case "run" -> noExtra(args) ? commands.runDaemon() : 2;
            case "check-rules" ->
                args.size() <= 1 ? commands.checkRules(args.isEmpty() ? null : args.get(0)) : usageError();
            case "test-rules" -> commands.testRules(args);
            case "replay" -> commands.replay(args);
            case "user" -> commands.user(args);
            case "version" -> noExtra(args) ? commands.version() : 2;
            case "help", "--help", "-h" -> {
                System.out.println(usage());
                yield 0;
            }
            default -> {
                System.err.println("vigil: unknown command '" + command + "'\n" + usage());
                yield 2;
            }
        };
    }

    private static boolean noExtra(List<String> args) {
        if (!args.isEmpty()) {
            System.err.println("vigil: unexpected argument(s) " + args + "\n" + usage());
            return false;
        }
        return true;
    }

    private static int usageError() {
        System.err.println(usage());
        return 2;
    }

    static String usage() {
        return """
                usage: vigil [--conf DIR] [--data DIR] COMMAND
                  run                               start the daemon in the foreground
                  check-rules [DIR]                 compile the DRL files (default: the configured rules folder)
                  test-rules [DIR] [SCENARIO...] [--junit-xml FILE]
                                                    run rule scenarios (default: DIR/tests/*.yaml) on a pseudo clock
                  replay --rules DIR [--from T] [--to T] [--max-events N]
                                                    what-if: DIR's rules over the journaled events, beside the live
                                                    rules' (T: an instant, 2026-11-30T08:00:00Z, or a time ago, 2h)
                  user add NAME --password-stdin [--role admin|operator]
                                                    add a user or set its password (read from standard input);
                                                    a new user is an operator unless --role admin
                  user list                         the users of users.yaml and their roles
                  user remove NAME                  remove a user
                  version                           print the version
                environment: VIGIL_CONF, VIGIL_DATA, VIGIL_HOME, JAVA_OPTS""";
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
