package dev.vigil.engine.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for one test class: a fresh cluster in a temporary folder on a free
 * port, started with Debian's own binaries ({@code initdb}, {@code pg_ctl}) and removed afterwards.
 * As root it runs as the {@code postgres} user (PostgreSQL refuses root). Without the binaries the
 * tests are skipped, unless {@code VIGIL_REQUIRE_PG} is set (CI sets it, after installing them).
 */
public final class PostgresServer implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path bin) throws IOException, InterruptedException {
        this.bin = bin;
        this.asPostgres = "root".equals(System.getProperty("user.name"));
        this.dir = Files.createTempDirectory("vigil-pg");
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        if (asPostgres) {
            run(List.of("chown", "-R", "postgres", dir.toString()), false);
        }
        run(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "-U",
                        "vigil",
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--no-sync"),
                true);
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "-l",
                        dir.resolve("log").toString(),
                        "-w",
                        "-o",
                        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1" + " -c fsync=off",
                        "start"),
                true);
    }

    public static PostgresServer start() {
        Path bin = findBinaries();
        if (bin == null) {
            if (System.getenv("VIGIL_REQUIRE_PG") != null) {
                throw new IllegalStateException("PostgreSQL binaries (initdb, pg_ctl) not found; install postgresql");
            }
            Assumptions.abort("PostgreSQL binaries (initdb, pg_ctl) not found: install postgresql to run this test");
        }
        try {
            return new PostgresServer(bin);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path findBinaries() {
        String env = System.getenv("PG_BIN");
        List<Path> candidates = new ArrayList<>();
        if (env != null) {
            candidates.add(Path.of(env));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.sorted(Comparator.reverseOrder()).forEach(v -> candidates.add(v.resolve("bin")));
            } catch (IOException ignored) {
                // no versions there
            }
        }
        candidates.add(Path.of("/usr/local/bin"));
        candidates.add(Path.of("/usr/bin"));
        for (Path c : candidates) {
            if (Files.isExecutable(c.resolve("initdb")) && Files.isExecutable(c.resolve("pg_ctl"))) {
                return c;
            }
        }
        return null;
    }

    private void run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asServerUser && asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "vigil";
    }

    @Override
    public void close() {
        try {
            run(
                    List.of(
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            dir.resolve("data").toString(),
                            "-m",
                            "immediate",
                            "stop"),
                    true);
        } catch (IOException | InterruptedException e) {
            // the folder goes anyway
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
