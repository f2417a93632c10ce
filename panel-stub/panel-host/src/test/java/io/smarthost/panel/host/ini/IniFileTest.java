package io.smarthost.panel.host.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniFileTest {

    @TempDir
    Path dir;

    @Test
    void readsSectionsKeysAndCommentsCaseInsensitively() {
        IniFile ini = IniFile.parse(Path.of("panel.ini"), """
                ; a comment
                # another
                top = level
                [Mail]
                smarthost.Backend = postfix
                  spaced   =   value with ; semicolon  
                quoted = "  kept  "
                """);
        assertEquals(Optional.of("level"), ini.get("", "top"));
        assertEquals(Optional.of("postfix"), ini.get("mail", "SMARTHOST.backend"));
        assertEquals(Optional.of("value with ; semicolon"), ini.get("MAIL", "spaced"));
        assertEquals(Optional.of("  kept  "), ini.get("mail", "quoted"));
        assertTrue(ini.problems().isEmpty(), ini.problems().toString());
    }

    @Test
    void malformedLinesAreReportedWithFileLineAndReasonAndSkipped() {
        IniFile ini = IniFile.parse(Path.of("panel.ini"), """
                [web]
                port = 9000
                password hunter2
                [broken
                lost = yes
                [ok]
                bad key = 1
                good = 2
                good = 3
                """);
        assertEquals(Optional.of("9000"), ini.get("web", "port"));
        assertEquals(Optional.empty(), ini.get("broken", "lost"));
        assertEquals(Optional.of("3"), ini.get("ok", "good"));
        List<String> problems = ini.problems().stream().map(IniProblem::toString).toList();
        assertEquals(List.of(
                "panel.ini:3: missing '=' (expected key = value); line ignored",
                "panel.ini:4: section header must look like [name] (letters, digits, . _ -), got \"[broken\"; keys up to the next valid header are ignored",
                "panel.ini:5: lost: ignored because its section header is malformed",
                "panel.ini:7: invalid key \"bad key\" (letters, digits, . _ - only)",
                "panel.ini:9: good: repeated in [ok] (also on line 8); the last value wins"), problems);
        assertFalse(problems.toString().contains("hunter2"), "a line without '=' may hold a secret: never echoed");
    }

    @Test
    void valuesOfKeysNobodyDeclaredFallBackToTheCallersDefaultWithoutBeingListed() throws Exception {
        Path file = dir.resolve("panel.ini");
        Files.writeString(file, "[f]\na = on\nb = OFF\nc = 1\nd = 0\ne = yes\nf = maybe\nport = 70000\nn = 12\n");
        LivePanelIni ini = new LivePanelIni(file);
        assertTrue(ini.getBoolean("f", "a", false));
        assertFalse(ini.getBoolean("f", "b", true));
        assertTrue(ini.getBoolean("f", "c", false));
        assertFalse(ini.getBoolean("f", "d", true));
        assertTrue(ini.getBoolean("f", "e", false));
        assertTrue(ini.getBoolean("f", "f", true), "default kept");
        assertEquals(8880, ini.getInt("f", "port", 8880, 1, 65535));
        assertEquals(12, ini.getInt("f", "n", 0, 0, 100));
        assertEquals(List.of(), ini.problems(), "[f] is declared by nobody: left alone (the bad reads are only logged)");
    }

    @Test
    void changesToTheFileAreSeenWithoutARestart() throws Exception {
        Path file = dir.resolve("panel.ini");
        Files.writeString(file, "[mail]\nsmarthost.server.enabled = true\n");
        LivePanelIni ini = new LivePanelIni(file);
        assertTrue(ini.getBoolean("mail", "smarthost.server.enabled", false));
        Files.writeString(file, "[mail]\nsmarthost.server.enabled = false\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        ini.reload();
        assertFalse(ini.getBoolean("mail", "smarthost.server.enabled", true));
        Files.writeString(file, "[mail]\nsmarthost.server.enabled = on\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        Thread.sleep(600);
        assertTrue(ini.getBoolean("mail", "smarthost.server.enabled", false), "re-read on change");
    }
}
