package io.smarthost.ui.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [mail] smarthost.postfix.maps = pgsql} on the embedded database: refused, naming the setting, nothing written. */
class PgsqlMapsOnH2Test {

    @Test
    void everyChangeAndNodeSetupIsRefusedNamingTheSetting(@TempDir Path tmp) throws Exception {
        try (TestPanel panel = TestPanel.builder(tmp.resolve("home")).classpathPlugin("smarthost")
                .ini("[mail]\nsmarthost.postfix.maps = pgsql\n").start()) {
            HttpReply r = panel.api(panel.apiKey("admin")).json("PUT", "/api/v2/plugins/smarthost/server",
                    "{\"host\":\"[127.0.0.1]\",\"port\":2525,\"encryption\":\"starttls\",\"verifyCertificate\":false,"
                            + "\"authentication\":true,\"username\":\"u\",\"password\":\"Some-pw-123\"}");
            assertTrue(r.status() >= 400, r.toString());
            assertTrue(r.body().contains("smarthost.postfix.maps = pgsql") && r.body().contains("PostgreSQL"), r.body());
            assertFalse(r.body().contains("Some-pw-123"), r.body());
            Path main = panel.home().resolve("mail-sandbox/postfix/main.cf");
            assertFalse(Files.readString(main).contains("127.0.0.1"), "nothing was written");

            Path node = tmp.resolve("node");
            Files.createDirectories(node);
            Files.writeString(node.resolve("main.cf"), "compatibility_level = 3.6\n");
            Files.writeString(node.resolve("master.cf"), "");
            TestPanel.CliRun setup = panel.cli("smarthost", "--node-setup", "-config-directory", node.toString());
            assertEquals(1, setup.exitCode(), setup.out() + setup.err());
            assertTrue(setup.err().contains("smarthost.postfix.maps = pgsql"), setup.err());
            assertEquals("compatibility_level = 3.6\n", Files.readString(node.resolve("main.cf")));
        }
    }

    @Test
    void theFilesModeHasNoNodes(@TempDir Path tmp) {
        try (TestPanel panel = TestPanel.builder(tmp.resolve("home")).classpathPlugin("smarthost").start()) {
            TestPanel.CliRun nodes = panel.cli("smarthost", "--nodes");
            assertEquals(1, nodes.exitCode());
            assertTrue(nodes.err().contains("smarthost.postfix.maps = pgsql"), nodes.err());
        }
    }
}
