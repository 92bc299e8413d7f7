package dev.vigil.engine.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Small files Vigil rewrites (checkpoints, users, the initial password): written beside the target
 * and moved over it, so a crash leaves the old content or the new, never half of one.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What is written into the temporary file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void write(Path file, Content content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            content.writeTo(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * As {@link #write(Path, Content)}, for a file an administrator may edit as root while a service user
     * reads it: the new file is created owner-only, then given the old one's owner, group and mode
     * before it replaces it (a new file stays owner-only). Giving a file to another owner takes root;
     * otherwise the file becomes the writer's, and the caller can tell by the owner it reads after.
     */
    public static void writeKeepingOwnership(Path file, Content content) throws IOException {
        PosixFileAttributes before = null;
        try {
            before = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (NoSuchFileException | UnsupportedOperationException none) {
            // a new file, or no POSIX attributes to keep
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        try (OutputStream out = Files.newOutputStream(tmp)) {
            content.writeTo(out);
        }
        if (before != null) {
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            try {
                view.setGroup(before.group());
                view.setOwner(before.owner());
            } catch (IOException notRoot) {
                // only root gives a file away: it stays the writer's
            }
            view.setPermissions(before.permissions());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The name of the file's owner, or null when it does not exist or the platform has no owners. */
    public static String ownerOf(Path file) {
        try {
            return Files.getOwner(file).getName();
        } catch (IOException | UnsupportedOperationException none) {
            return null;
        }
    }

    /** Readable and writable by the owner only (secrets); a file system without POSIX modes keeps its defaults. */
    public static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the platform's defaults apply
        }
    }
}
