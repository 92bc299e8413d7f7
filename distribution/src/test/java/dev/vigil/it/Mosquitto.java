package dev.vigil.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker from Debian's package, on loopback, with its persistence in a folder of
 * the test's: stopped with SIGTERM (when it saves its sessions and queued messages) and started
 * again on the same port, as an administrator's restart would. `.ci/run` installs the package.
 */
final class Mosquitto implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    final int port;
    private final Path dir;
    private Process process;

    Mosquitto(Path dir) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install mosquitto (.ci/run does)");
        }
        this.dir = Files.createDirectories(dir);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(
                dir.resolve("mosquitto.conf"), """
                listener %d 127.0.0.1
                allow_anonymous true
                persistence true
                persistence_location %s/
                autosave_interval 1
                max_queued_messages 100000
                user %s
                log_dest file %s/mosquitto.log
                """.formatted(port, dir, System.getProperty("user.name"), dir));
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    Mosquitto start() throws IOException, InterruptedException {
        process = new ProcessBuilder(
                        BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("stdout.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s");
    }

    /** SIGTERM, as systemd stops it: the broker writes its persistence file before it exits. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
