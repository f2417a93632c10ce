package io.smarthost.ui.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.panel.host.testing.TestPanel.CliRun;
import io.smarthost.ui.testing.HandEdits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, drift through {@code panel bin smarthost}: after each disable and hand edit of relayhost,
 * {@code --update} exits 1 naming the drift, and 0 with {@code -confirm-takeover true}.
 */
class DriftCliTest {
    static final String[] ENABLE = {"smarthost", "--update", "-enabled", "true", "-host", "[192.0.2.41]", "-port", "587",
            "-encryption", "starttls", "-auth", "false"};

    @Test
    void disableHandEditEnableExits1NamingTheDriftEachTime(@TempDir Path home) {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").withoutWeb().start()) {
            HandEdits hand = new HandEdits(panel.home());
            String before = hand.addHandRelay("[10.9.9.9]:25");
            enableAfterConfirmation(panel, hand, before, "[10.9.9.9]:25");
            for (int round = 1; round <= 2; round++) {
                CliRun off = panel.cli("smarthost", "--disable");
                assertEquals(0, off.exitCode(), off.err());
                assertEquals(before, hand.read(), "round " + round + ": the settings written by hand are back");
                String handRelay = "[10.9.7." + round + "]:2525";
                before = hand.setRelayhost(handRelay);
                enableAfterConfirmation(panel, hand, before, handRelay);
            }
            hand.setRelayhost("[10.9.5.5]:25"); // by hand while the relay is on: turning it off asks too
            CliRun refused = panel.cli("smarthost", "--disable");
            assertEquals(1, refused.exitCode(), refused.err());
            assertTrue(refused.err().contains("relayhost (main.cf:" + hand.lineOf("relayhost") + "): \"[10.9.5.5]:25\" by hand"),
                    refused.err());
            assertEquals(0, panel.cli("smarthost", "--disable", "-confirm-takeover", "true").exitCode());
            assertEquals(before, hand.read());
        }
    }

    /** {@code --remove-domain} and {@code --remove-sender} wrote over a hand edit without asking (a hostile tester). */
    @Test
    void removingADomainOrSenderRelayOverAHandEditExits1UntilConfirmed(@TempDir Path home) {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").withoutWeb().start()) {
            panel.createCustomer("alice");
            panel.createDomain("alice.example", "alice");
            HandEdits hand = new HandEdits(panel.home());
            String[] relay = {"-enabled", "true", "-host", "[192.0.2.41]", "-port", "587", "-encryption", "starttls", "-auth", "false"};
            for (String[] remove : List.of(new String[] {"--update-domain", "alice.example", "--remove-domain", "alice.example"},
                    new String[] {"--update-sender", "bob@alice.example", "--remove-sender", "bob@alice.example"})) {
                List<String> update = new java.util.ArrayList<>(List.of("smarthost", remove[0], remove[1]));
                update.addAll(List.of(relay));
                CliRun on = panel.cli(update.toArray(String[]::new));
                assertEquals(0, on.exitCode(), on.err());
                String edited = hand.set("sender_dependent_relayhost_maps", "hash:/etc/postfix/our_own_relays");
                CliRun refused = panel.cli("smarthost", remove[2], remove[3]);
                assertEquals(1, refused.exitCode(), refused.out() + refused.err());
                assertTrue(refused.err().contains("sender_dependent_relayhost_maps (main.cf:"
                        + hand.lineOf("sender_dependent_relayhost_maps") + ")"), refused.err());
                assertTrue(refused.err().contains("-confirm-takeover true"), refused.err());
                assertEquals(edited, hand.read(), "nothing written before the confirmation");
                CliRun confirmed = panel.cli("smarthost", remove[2], remove[3], "-confirm-takeover", "true");
                assertEquals(0, confirmed.exitCode(), confirmed.err());
                assertEquals("", hand.active("sender_dependent_relayhost_maps"), "the last relay gone, its map too");
            }
        }
    }

    /**
     * A hostile tester's {@code --remove-domain} with a line added by hand inside the panel's master.cf block: every
     * preview row read KEEP ("KEEP master.cf: smarthost transports" beside the DRIFT that rewrites it), the domain's
     * and its alias's entries it deletes were not listed, and the message said "Saving writes over them".
     */
    @Test
    void removingADomainListsTheEntriesItDeletesAndTheBlockItRewrites(@TempDir Path home) throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").withoutWeb().start()) {
            panel.createCustomer("alice");
            panel.createDomain("alice.example", "alice", "alias-alice.example");
            panel.createDomain("other.example", "alice");
            HandEdits hand = new HandEdits(panel.home());
            for (String domain : List.of("alice.example", "other.example")) { // the other keeps the block in use
                CliRun on = panel.cli("smarthost", "--update-domain", domain, "-enabled", "true", "-host",
                        "[192.0.2.41]", "-port", "587", "-encryption", "starttls", "-auth", "false");
                assertEquals(0, on.exitCode(), on.err());
            }
            Path master = hand.mainCf().resolveSibling("master.cf");
            String text = java.nio.file.Files.readString(master);
            int at = text.indexOf("\nsmarthost-starttls-nologin ");
            assertTrue(at >= 0, text);
            int end = text.indexOf('\n', at + 1);
            java.nio.file.Files.writeString(master, text.substring(0, end + 1) + "  -o smtp_helo_timeout=60s\n"
                    + text.substring(end + 1));

            CliRun refused = panel.cli("smarthost", "--remove-domain", "alice.example");
            assertEquals(1, refused.exitCode(), refused.out() + refused.err());
            String err = refused.err();
            assertTrue(err.contains("DRIFT     master.cf: smarthost-starttls-nologin"), err);
            assertTrue(err.contains("TAKE_OVER master.cf: smarthost transports"), err);
            assertTrue(err.contains("REMOVE    sender_relay: @alice.example\n          now:   [192.0.2.41]:587"), err);
            assertTrue(err.contains("REMOVE    sender_relay: @alias-alice.example"), err);
            assertFalse(err.contains("Saving"), err);
        }
    }

    private static void enableAfterConfirmation(TestPanel panel, HandEdits hand, String before, String handRelay) {
        int line = hand.lineOf("relayhost");
        CliRun refused = panel.cli(ENABLE);
        assertEquals(1, refused.exitCode(), refused.out() + refused.err());
        assertTrue(refused.err().contains("relayhost (main.cf:" + line + "): \"" + handRelay + "\" by hand"), refused.err());
        assertTrue(refused.err().contains("DRIFT     relayhost (main.cf:" + line + ")"), refused.err());
        assertTrue(refused.err().contains("-confirm-takeover true"), refused.err());
        assertEquals(before, hand.read(), "nothing written before the confirmation");

        String[] confirmed = java.util.Arrays.copyOf(ENABLE, ENABLE.length + 2);
        confirmed[ENABLE.length] = "-confirm-takeover";
        confirmed[ENABLE.length + 1] = "true";
        CliRun ok = panel.cli(confirmed);
        assertEquals(0, ok.exitCode(), ok.err());
        assertEquals("[192.0.2.41]:587", hand.active("relayhost"));
        assertEquals(List.of(hand.handTable()), hand.saved("smtp_sasl_password_maps"));
        hand.assertUnmanagedLinesKept(before);
        assertEquals(0, panel.cli(ENABLE).exitCode(), "no hand edit since: nothing to confirm");
    }
}
