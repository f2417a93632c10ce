package io.smarthost.ui.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.panel.host.testing.TestPanel.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code panel bin smarthost --probe}: the selected backend's look at the live server, through the real panel
 * and the plugin from the classpath; writes nothing. (The SmarterMail and MailEnable probes themselves are
 * tested in plugin-windows against a local SmarterMail stand-in and an in-memory registry.)
 */
class ProbeCliTest {

    @Test
    void postfixHasNothingToProbeAndSaysSoInTextAndJson(@TempDir Path home) throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").withoutWeb().start()) {
            CliRun text = panel.cli("smarthost", "--probe");
            assertEquals(0, text.exitCode(), text.err());
            assertTrue(text.out().startsWith("Probe of Postfix (nothing was written)"), text.out());
            JsonNode json = new ObjectMapper().readTree(panel.cli("smarthost", "--probe", "-json").out());
            assertEquals("Postfix", json.path("backend").asText());
            assertEquals("INFO", json.path("findings").get(0).path("status").asText());
        }
    }

    @Test
    void mailEnableOffWindowsExits1NamingWhy(@TempDir Path home) throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost")
                .ini("[mail]\nsmarthost.backend = mailenable\n").withoutWeb().start()) {
            CliRun run = panel.cli("smarthost", "--probe", "-json");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertEquals("MailEnable", json.path("backend").asText());
            assertEquals("FAILED", json.path("findings").get(0).path("status").asText());
            assertTrue(json.path("findings").get(0).path("detail").asText().contains("not run on Windows"));
        }
    }

    @Test
    void unknownOptionIsBadInput(@TempDir Path home) {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").withoutWeb().start()) {
            CliRun run = panel.cli("smarthost", "--probe", "-host", "x");
            assertEquals(2, run.exitCode(), run.err());
        }
    }
}
