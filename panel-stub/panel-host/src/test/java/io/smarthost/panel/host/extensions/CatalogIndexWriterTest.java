package io.smarthost.panel.host.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.extensions.catalog.CatalogIndexWriter;
import io.smarthost.panel.host.extensions.catalog.PluginArchive;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's catalogue for a plugin file: a local folder a fresh panel installs from by id. */
class CatalogIndexWriterTest {

    @TempDir
    Path temp;

    @Test
    void writesAnIndexWithTheChecksumThatAFreshPanelInstallsFrom() throws Exception {
        Path zip = Samples.zip(temp.resolve("build"));
        Path folder = temp.resolve("catalog");
        Path index = CatalogIndexWriter.write(zip, folder, LocalDate.of(2026, 11, 28));

        String json = Files.readString(index);
        assertTrue(json.contains("\"id\" : \"sample\"") && json.contains("\"version\" : \"1.0.0\"")
                && json.contains("\"requires\" : \">=1.0.0\"") && json.contains("\"url\" : \"sample-1.0.0.zip\"")
                && json.contains("\"date\" : \"2026-11-28\""), json);
        assertTrue(json.contains(PluginArchive.sha512Hex(zip)), json);
        assertTrue(Files.isRegularFile(folder.resolve("sample-1.0.0.zip")));

        try (TestPanel panel = TestPanel.builder(temp.resolve("home"))
                .ini("[extensions]\nrepositories = " + folder + "\n").start()) {
            TestPanel.CliRun install = panel.cli("extension", "--install", "sample");
            assertEquals(0, install.exitCode(), install.err());
            assertEquals(200, panel.login("admin").get("/plugins/sample/admin").status());
        }
    }
}
