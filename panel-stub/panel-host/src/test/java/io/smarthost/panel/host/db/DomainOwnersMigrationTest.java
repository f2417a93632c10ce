package io.smarthost.panel.host.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.accounts.PasswordHasher;
import io.smarthost.panel.host.accounts.Users;
import io.smarthost.panel.host.domains.DomainStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Domains an older panel stored under their owner as typed ({@code -owner DEMO}) are given their user's login by
 * migration 6: the customer sees them, and the user cannot be deleted while owning them. An owner that names no user
 * in any case stays as it is, so that a later user of that login does not inherit its domains.
 */
class DomainOwnersMigrationTest {

    @Test
    void ownersStoredInAnotherCaseBecomeTheirUsersLogin(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("panel").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", "pw"); Statement s = c.createStatement()) {
            SchemaMigrationsTest.versionTwo(s);
            s.execute("insert into users(login, role, password_hash) values ('demo', 'CUSTOMER', 'x'), ('admin', 'ADMIN', 'x')");
            s.execute("insert into domains(name, owner) values ('a.example', 'DEMO'), ('b.example', 'Demo'), ('c.example', 'demo'),"
                    + " ('d.example', 'GHOST')");
        }
        try (Database db = Database.open(url, "sa", "pw")) {
            Jdbc jdbc = new Jdbc(db);
            assertEquals(List.of("a.example demo", "b.example demo", "c.example demo", "d.example GHOST"),
                    jdbc.query("select name, owner from domains order by name", rs -> rs.getString(1) + " " + rs.getString(2)));
            assertEquals(3, new DomainStore(jdbc).ownedBy("demo").size(), "the customer's list");
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new Users(jdbc, new PasswordHasher(4)).delete("demo"));
            assertTrue(refused.getMessage().startsWith("user: demo still owns 3 domain(s)"), refused.getMessage());
        }
    }
}
