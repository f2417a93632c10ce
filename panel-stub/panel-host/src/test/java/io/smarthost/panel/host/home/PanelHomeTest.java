package io.smarthost.panel.host.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.ini.LivePanelIni;
import io.smarthost.panel.host.testing.GeneratedIni;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PanelHomeTest {

    @TempDir
    Path root;

    /** main.cf as Postfix reads it: the last "name = value" of each name wins. */
    static Map<String, String> settings(Path mainCf) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(mainCf)) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#") && eq > 0) {
                out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return out;
    }

    /**
     * Regression: the first-run sandbox main.cf named no queue_directory, so Postfix commands run on
     * it used /var/spool/postfix and the plugin reloaded the machine's own Postfix.
     */
    @Test
    void sandboxMainCfKeepsQueueDataAndLogInsideTheHome() throws Exception {
        PanelHome home = new PanelHome(root);
        assertTrue(home.ensure());
        Path postfix = home.mailSandbox().resolve("postfix");
        Map<String, String> cf = settings(postfix.resolve("main.cf"));
        assertEquals(postfix.resolve("spool").toString(), cf.get("queue_directory"));
        assertEquals(postfix.resolve("data").toString(), cf.get("data_directory"));
        assertEquals(postfix.resolve("log/maillog").toString(), cf.get("maillog_file"));
        assertEquals("loopback-only", cf.get("inet_interfaces"));
        assertTrue(Files.isDirectory(postfix.resolve("spool")), "Postfix refuses a missing queue folder");
        assertTrue(cf.values().stream().noneMatch(v -> v.contains("/var/spool") || v.contains("/etc/mailname")), cf.toString());
    }

    @Test
    void generatedPanelIniListsEveryKeyTheHostDeclaresWithItsDefault() {
        PanelHome home = new PanelHome(root);
        home.ensure();
        GeneratedIni.assertListsEveryDeclaredKey(home.ini(), new LivePanelIni(home.ini()).schema());
        assertEquals(Set.of("web", "database", "security", "panel", "extensions", "mail"),
                GeneratedIni.commentedKeys(home.ini()).keySet(), "[mail] is the smarthost plugin's: see plugin-ui's test");
    }
}
