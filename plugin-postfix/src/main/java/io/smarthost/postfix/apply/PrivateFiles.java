package io.smarthost.postfix.apply;

import io.smarthost.postfix.render.MapKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Modes of the files we own. The maps folder ({@code smarthost/}) and its staging folder are 0700
 * and every map, {@code .db} and bookkeeping file in it 0600, whatever mode an older version or an
 * admin left: the password map holds relay secrets, and the Postfix daemons open their tables as
 * root before they drop privileges, so nothing else needs to read them.
 */
final class PrivateFiles {

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates the maps folder if needed and closes it and our files in it to everyone but the owner. */
    static void secure(Layout layout) throws IOException {
        Files.createDirectories(layout.mapsDir());
        folder(layout.mapsDir());
        for (MapKind kind : MapKind.values()) {
            file(layout.map(kind));
            file(layout.db(kind));
        }
        file(layout.appliedState());
        file(layout.lockFile());
    }

    /** Makes an existing regular file 0600 (a link is left alone: it is not ours). */
    static void file(Path path) throws IOException {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                && !Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(FILE)) {
            Files.setPosixFilePermissions(path, FILE);
        }
    }

    static void folder(Path path) throws IOException {
        if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(FOLDER)) {
            Files.setPosixFilePermissions(path, FOLDER);
        }
    }
}
