package io.smarthost.postfix.pgsql;

import io.smarthost.panel.api.services.DatabaseServer;
import io.smarthost.postfix.apply.PgsqlConfig;
import io.smarthost.postfix.render.MapKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's {@code pgsql:} table files, {@code DIR/pgsql-MAP.cf}: where the database is, the node role's
 * login, and the query of its view; the login map's query decrypts with the map key. They hold secrets:
 * mode 0640, group {@code postfix} when that group exists (Postfix's daemons read them), written beside
 * and moved into place.
 */
final class NodeFiles {
    static final String HEADER = "# Managed by the panel's smarthost feature ([mail] smarthost.postfix.maps = pgsql):"
            + " changes here are overwritten.\n";

    private NodeFiles() {
    }

    /** The text of one table file. */
    static String text(MapKind kind, DatabaseServer db, String password, String mapKey, String crypto) {
        String host = db.host().contains(":") ? "[" + db.host() + "]" : db.host();
        String query = kind.secret()
                ? "SELECT " + crypto + ".pgp_sym_decrypt(secret, '" + mapKey + "') FROM " + PgsqlSchema.SCHEMA + "."
                  + kind.file() + " WHERE k = '%s'"
                : "SELECT v FROM " + PgsqlSchema.SCHEMA + "." + kind.file() + " WHERE k = '%s'";
        return HEADER
                + "hosts = " + host + ":" + db.port() + "\n"
                + "user = " + PgsqlSchema.NODE_ROLE + "\n"
                + "password = " + password + "\n"
                + "dbname = " + db.database() + "\n"
                + "query = " + query + "\n";
    }

    /** Writes the three files of {@code configDir}; returns what changed. */
    static List<String> write(Path configDir, DatabaseServer db, String password, String mapKey, String crypto) throws IOException {
        List<String> done = new ArrayList<>();
        for (MapKind kind : MapKind.values()) {
            Path file = PgsqlConfig.tableFile(configDir, kind);
            byte[] bytes = text(kind, db, password, mapKey, crypto).getBytes(StandardCharsets.UTF_8);
            if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                continue;
            }
            Path staged = file.resolveSibling("." + file.getFileName() + ".new");
            Files.deleteIfExists(staged);
            Files.createFile(staged, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(staged, bytes);
            boolean postfix = groupPostfix(staged);
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-r-----"));
            Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done.add(file.getFileName() + ": written (0640" + (postfix ? ", group postfix" : ", group unchanged: this user"
                    + " cannot give it to postfix; Postfix's daemons must be able to read it") + ")");
        }
        return done;
    }

    /** Group postfix when it exists and this process may give it (root, or a member of it); else the file's own. */
    private static boolean groupPostfix(Path file) throws IOException {
        var group = postfixGroup();
        if (group.isEmpty()) {
            return false;
        }
        try {
            Files.getFileAttributeView(file, PosixFileAttributeView.class).setGroup(group.get());
            return true;
        } catch (java.nio.file.FileSystemException notAllowed) {
            return false;
        }
    }

    private static java.util.Optional<GroupPrincipal> postfixGroup() {
        UserPrincipalLookupService users = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            return java.util.Optional.of(users.lookupPrincipalByGroupName("postfix"));
        } catch (IOException | UnsupportedOperationException noSuchGroup) {
            return java.util.Optional.empty();
        }
    }
}
