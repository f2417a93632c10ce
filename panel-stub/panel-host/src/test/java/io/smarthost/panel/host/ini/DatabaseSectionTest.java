package io.smarthost.panel.host.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code panel bin database --migrate-to} writes into panel.ini, and nothing else. */
class DatabaseSectionTest {

    @TempDir
    Path dir;

    @Test
    void keysGoRightAfterTheHeaderAndEveryOtherByteStays() throws Exception {
        Path ini = dir.resolve("panel.ini");
        String before = "[web]\nport = 8880\n\n[database]\n; comment\n;url = jdbc:h2:file:/x\n;user = sa\n\n[security]\nbcrypt_cost = 10\n";
        Files.writeString(ini, before);
        DatabaseSection.write(ini, "jdbc:postgresql://db:5432/panel", "panel", "p w");
        assertEquals("[web]\nport = 8880\n\n[database]\nurl = jdbc:postgresql://db:5432/panel\nuser = panel\npassword = p w\n"
                + "; comment\n;url = jdbc:h2:file:/x\n;user = sa\n\n[security]\nbcrypt_cost = 10\n", Files.readString(ini));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ini)));
        IniFile parsed = IniFile.parse(ini, Files.readString(ini));
        assertEquals("jdbc:postgresql://db:5432/panel", parsed.entries().get("database").get("url").value());
    }

    @Test
    void keysAlreadySetAreReplacedOnTheirLinesAndAMissingSectionIsAppended() throws Exception {
        Path ini = dir.resolve("panel.ini");
        Files.writeString(ini, "[database]\nuser = sa\n  URL = jdbc:h2:file:/old\n[mail]\nsmarthost.x = 1\n[database]\npassword = old\n");
        DatabaseSection.write(ini, "jdbc:postgresql://h/db", "u", "");
        assertEquals("[database]\nuser = u\nurl = jdbc:postgresql://h/db\n[mail]\nsmarthost.x = 1\n[database]\npassword = \n",
                Files.readString(ini));

        Path bare = dir.resolve("bare.ini");
        Files.writeString(bare, "[web]\nport = 1\n");
        DatabaseSection.write(bare, "jdbc:postgresql://h/db", "u", "pw");
        assertEquals("[web]\nport = 1\n\n[database]\nurl = jdbc:postgresql://h/db\nuser = u\npassword = pw\n", Files.readString(bare));
    }
}
