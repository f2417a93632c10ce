package io.smarthost.ui.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.panel.host.testing.TestPanel.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay set by hand in main.cf while the panel has no server-wide relay (the admin's own, or given back when the
 * panel's relay went off): the panel said mail went "directly to the recipients' mail servers", and its self-check
 * stayed red over the admin's line (a hostile tester). Now it says where mail goes, and the self-check agrees.
 */
class HandRelayTruthTest {

    TestPanel panel;

    @BeforeEach
    void start(@TempDir Path home) throws Exception {
        panel = TestPanel.builder(home).classpathPlugin("smarthost").withoutWeb().start();
        panel.createCustomer("hank");
        panel.createDomain("hank.example", "hank");
        Path mainCf = panel.home().resolve("mail-sandbox/postfix/main.cf");
        Files.writeString(mainCf, Files.readString(mainCf) + "relayhost = [hand.example]:25\n");
    }

    @AfterEach
    void stop() {
        panel.close();
    }

    @Test
    void infoAndWhichRelayNameTheRelaySetByHandAndTheSelfCheckAgrees() throws Exception {
        CliRun info = panel.cli("smarthost", "--info");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("Mail goes:       through [hand.example]:25, a relay set by hand in the mail server's"
                + " configuration (not a panel setting)"), info.out());
        assertEquals("[hand.example]:25", new ObjectMapper().readTree(panel.cli("smarthost", "--info", "-json").out())
                .get("handRelay").asText());
        assertTrue(panel.cli("smarthost", "--info", "-domain", "hank.example").out().contains("through [hand.example]:25"));

        CliRun which = panel.cli("smarthost", "--which-relay", "x@hank.example");
        assertEquals(0, which.exitCode(), which.err());
        assertTrue(which.out().contains("Mail from x@hank.example goes through [hand.example]:25, a relay set by hand"),
                which.out());

        CliRun verify = panel.cli("smarthost", "--verify");
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
    }
}
