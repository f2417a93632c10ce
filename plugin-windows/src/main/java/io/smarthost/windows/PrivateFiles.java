package io.smarthost.windows;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;

/**
 * Files only their owner may read: mode 0600 where the file system is POSIX, an ACL with a single
 * "owner: full control" entry (inheritance dropped) on NTFS. Used for anything that may hold a
 * secret (a {@code .reg} file with a relay password, the backends' state files).
 */
public final class PrivateFiles {

    private PrivateFiles() {
    }

    /** Creates a new empty owner-only file in {@code dir} (created if missing). */
    public static Path createTemp(Path dir, String prefix, String suffix) throws IOException {
        Files.createDirectories(dir);
        if (isPosix(dir)) {
            return Files.createTempFile(dir, prefix, suffix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Path file = Files.createTempFile(dir, prefix, suffix);
        restrictAcl(file);
        return file;
    }

    /** Writes {@code content} to {@code target} through an owner-only temporary file, then renames it. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = createTemp(dir, ".tmp-", ".part");
        try {
            Files.write(temp, content);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean isPosix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void restrictAcl(Path file) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (view == null) {
            Files.delete(file);
            throw new IOException("cannot restrict access to " + file
                    + ": the file system supports neither POSIX modes nor ACLs");
        }
        UserPrincipal owner = view.getOwner();
        AclEntry ownerOnly = AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build();
        view.setAcl(List.of(ownerOnly));
    }
}
