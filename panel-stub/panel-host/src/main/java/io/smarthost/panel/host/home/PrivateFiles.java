package io.smarthost.panel.host.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.FileChannel;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files only the panel's user may read (keys, passwords): created mode 0600 complete or not at all,
 * and tightened (with a warning) when found more open.
 */
public final class PrivateFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /**
     * The text of {@code file}; when missing, {@code fresh} is written to a 0600 temporary file which
     * is then linked into place without replacing: if another process (CLI and server starting
     * together) created the file meanwhile, its content wins and is returned. A crash never leaves a
     * partly written file behind under the final name.
     */
    public static String readOrCreate(Path file, Supplier<String> fresh) {
        try {
            if (Files.exists(file)) {
                restrict(file);
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_FILE));
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.write(java.nio.ByteBuffer.wrap(fresh.get().getBytes(StandardCharsets.UTF_8)));
                    channel.force(true);
                }
                try {
                    // link(2) fails if the name exists: an atomic "create, never replace"
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException raced) {
                    LOG.debug("{} was created by another process meanwhile; using it", file);
                } catch (UnsupportedOperationException noHardLinks) {
                    try {
                        Files.move(temp, file);
                    } catch (FileAlreadyExistsException raced) {
                        LOG.debug("{} was created by another process meanwhile; using it", file);
                    }
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes an existing file 0600, warning when it was more open (others could have read it). */
    public static void restrict(Path file) throws IOException {
        tighten(file, OWNER_FILE);
    }

    /** Makes an existing folder 0700, warning when it was more open. */
    public static void restrictFolder(Path folder) throws IOException {
        tighten(folder, OWNER_DIR);
    }

    private static void tighten(Path path, Set<PosixFilePermission> wanted) throws IOException {
        if (!Files.getFileStore(path).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
        Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
        extra.addAll(now);
        extra.removeAll(wanted);
        if (!extra.isEmpty()) {
            LOG.warn("{} was mode {}, readable by other users; changed to {}", path, PosixFilePermissions.toString(now),
                    PosixFilePermissions.toString(wanted));
            Files.setPosixFilePermissions(path, wanted);
        }
    }
}
