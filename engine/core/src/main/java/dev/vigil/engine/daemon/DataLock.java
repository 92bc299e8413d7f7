package dev.vigil.engine.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data folder belongs to one daemon at a time. Taken before anything in the folder is read or
 * written: journal recovery truncates torn tails, so a second daemon that got as far as recovery
 * would cut records the first one is still appending. The OS lock disappears with the process
 * (kill -9 included), so a stale {@code vigil.lock} file never blocks a restart.
 */
public final class DataLock implements AutoCloseable {
    private static final String FILE = "vigil.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private DataLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws DataFolderInUseException when another process holds the folder */
    public static DataLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel ch = null;
        try {
            Files.createDirectories(dataDir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String owner = Files.readString(file, StandardCharsets.US_ASCII).trim();
                ch.close();
                throw new DataFolderInUseException("data folder " + dataDir + " is in use by another Vigil"
                        + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                        + "; stop it first or choose another --data folder");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new DataLock(ch, lock);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the open failed or the lock was refused: nothing more to release
                }
            }
            throw new UncheckedIOException("cannot lock data folder " + dataDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is stopping; the OS drops the lock with the file descriptor anyway
        }
    }

    /** Another daemon owns the data folder. */
    public static final class DataFolderInUseException extends RuntimeException {
        DataFolderInUseException(String message) {
            super(message);
        }
    }
}
