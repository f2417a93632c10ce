package io.smarthost.postfix.apply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Moves staged files into place, keeping each previous file as a hard link in the backup folder so
 * that {@link #rollback()} restores the very same bytes (and inode) at no copying cost.
 */
final class FileSwap {

    private final Path backupDir;
    private final List<Done> done = new ArrayList<>();

    FileSwap(Path backupDir) {
        this.backupDir = backupDir;
    }

    /**
     * Replaces {@code target} by {@code staged}; an empty {@code staged} deletes {@code target}.
     *
     * @param mode the new file's mode; empty keeps the mode the admin gave the file it replaces
     */
    void replace(Path target, Optional<Path> staged, Optional<Set<PosixFilePermission>> mode) throws IOException {
        Files.createDirectories(backupDir);
        PrivateFiles.folder(backupDir);
        Path backup = backupDir.resolve(done.size() + "-" + target.getFileName());
        boolean existed = Files.exists(target);
        if (existed) {
            Files.deleteIfExists(backup);
            Files.createLink(backup, target);
        }
        done.add(new Done(target, existed ? Optional.of(backup) : Optional.empty()));
        if (staged.isPresent()) {
            if (mode.isPresent()) {
                // our own files (maps: secrets) never inherit an older, more open mode
                Files.setPosixFilePermissions(staged.get(), mode.get());
            } else if (existed) {
                // main.cf and master.cf keep the mode the admin gave them
                Files.setPosixFilePermissions(staged.get(), Files.getPosixFilePermissions(target));
            }
            Files.move(staged.get(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(target);
        }
    }

    boolean isEmpty() {
        return done.isEmpty();
    }

    void rollback() throws IOException {
        IOException first = null;
        for (int i = done.size() - 1; i >= 0; i--) {
            Done d = done.get(i);
            try {
                if (d.backup.isPresent()) {
                    Files.move(d.backup.get(), d.target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(d.target);
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        done.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Drops the backups once the new files are committed. */
    void commit() throws IOException {
        for (Done d : done) {
            if (d.backup.isPresent()) {
                Files.deleteIfExists(d.backup.get());
            }
        }
        done.clear();
    }

    private record Done(Path target, Optional<Path> backup) {
    }
}
