package io.smarthost.panel.host.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin file the ./panel launcher hands over (PANEL_PLUGIN_FILE), installed by the panel itself. */
class LauncherPluginTest {

    @TempDir
    Path temp;

    @Test
    void installsIntoANewPrivateHomeOnceAndAgainOnlyWhenNewer() throws Exception {
        Path zip = Files.write(temp.resolve("smarthost-1.0.0.zip"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(zip, FileTime.from(Instant.parse("2026-01-01T10:00:00.123456789Z")));
        PanelHome home = new PanelHome(temp.resolve("home"));
        assertEquals(Optional.of("Installed smarthost-1.0.0.zip into " + home.plugins() + "/"), LauncherPlugin.install(home, zip));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.root())),
                "the home holds the database and the secret key");
        // the copy's time is not as precise as the original's: still "not newer", so no reinstall under a running server
        assertEquals(Optional.empty(), LauncherPlugin.install(home, zip));

        Files.createDirectories(home.plugins().resolve("smarthost-1.0.0")); // PF4J's unpacked folder
        Files.setLastModifiedTime(zip, FileTime.from(Instant.parse("2026-01-02T10:00:00Z")));
        assertTrue(LauncherPlugin.install(home, zip).isPresent(), "a newer build is installed");
        assertFalse(Files.exists(home.plugins().resolve("smarthost-1.0.0")), "the old unpacked copy is dropped");
        assertTrue(Files.isRegularFile(home.plugins().resolve("smarthost-1.0.0.zip")));
    }
}
