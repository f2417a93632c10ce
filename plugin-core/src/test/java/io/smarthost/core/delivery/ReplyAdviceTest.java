package io.smarthost.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Replies Postfix logs (captured from a real Postfix 3.7, and the forms relay services use) explained in words. */
class ReplyAdviceTest {

    static String kind(String reply, String dsn) {
        return ReplyAdvice.kind(reply, dsn);
    }

    @Test
    void namesWhatWentWrong() {
        assertEquals("auth-failed", kind("SASL authentication failed; server 127.0.0.1[127.0.0.1] said: 535 Authentication credentials invalid", "4.0.0"));
        assertEquals("auth-failed", kind("host smtp.sendgrid.net[1.2.3.4] said: 535 5.7.8 Authentication failed", "5.7.8"));
        assertEquals("sender-refused", kind("host 127.0.0.1[127.0.0.1] said: 550 5.7.1 Sender address not verified: r@refused.example (in reply to end of DATA command)", "5.7.1"));
        assertEquals("connection-refused", kind("connect to 127.0.0.1[127.0.0.1]:1: Connection refused", "4.4.1"));
        assertEquals("timeout", kind("conversation with smtp.example[192.0.2.1] timed out while receiving the initial server greeting", "4.4.2"));
        assertEquals("tls", kind("Cannot start TLS: handshake failure", "4.7.5"));
        assertEquals("tls", kind("SSL_connect error to smtp.example[192.0.2.1]:465: -1 (wrong version number)", "4.7.5"));
        assertEquals("sasl-mechanisms", kind("SASL authentication failed; cannot authenticate to server x: no mechanism available", "4.7.0"));
        assertEquals("auth-required", kind("host x said: 530 5.7.0 Authentication required", "5.7.0"));
        assertEquals("relay-denied", kind("host x said: 554 5.7.1 <r@remote.example>: Relay access denied", "5.7.1"));
        assertEquals("dns", kind("Host or domain name not found. Name service error for name=smtp.typo.example type=A: Host not found", "5.4.4"));
        assertEquals("rate-limited", kind("host x said: 421 4.7.0 Too many messages, rate limit exceeded", "4.7.0"));
        assertEquals("recipient-unknown", kind("host x said: 550 5.1.1 <nobody@remote.example>: Recipient address rejected: User unknown", "5.1.1"));
        assertEquals("accepted", kind("250 2.0.0 Ok: queued as 4Xyz", "2.0.0"));
        assertEquals("permanent", kind("host x said: 554 5.6.0 message refused", "5.6.0"));
        assertEquals("temporary", kind("host x said: 451 4.3.0 try again", "4.3.0"));
    }

    @Test
    void explainsInEnglishAndFrenchWithTheReplyCodeWhenThereIsOne() {
        ReplyAdvice en = ReplyAdvice.explain("host x said: 535 5.7.8 Authentication failed", "5.7.8", Locale.ENGLISH);
        assertEquals("The relay refused the login (reply 535).", en.meaning());
        assertTrue(en.advice().contains("password or API key"), en.advice());
        ReplyAdvice fr = ReplyAdvice.explain("host x said: 550 5.7.1 Sender address not verified", "5.7.1", Locale.FRENCH);
        assertTrue(fr.meaning().contains("réponse 550") && fr.advice().contains("Vérifiez le domaine"), fr.toString());
        ReplyAdvice none = ReplyAdvice.explain("connect to 127.0.0.1[127.0.0.1]:1: Connection refused", "4.4.1", Locale.ENGLISH);
        assertFalse(none.meaning().contains("reply"), "no reply code to name: " + none.meaning());
        // MessageFormat ate single apostrophes: "the relays port" (a hostile tester)
        assertEquals("Nothing answers on the relay's port: the connection was refused.", none.meaning());
        assertTrue(none.advice().startsWith("Check the relay's host name"), none.advice());
        for (String kind : java.util.List.of("dns", "permanent", "temporary", "tls", "network")) {
            java.util.ResourceBundle english = java.util.ResourceBundle.getBundle(ReplyAdvice.BUNDLE, Locale.ROOT);
            for (String part : java.util.List.of(".meaning", ".advice")) {
                String pattern = english.getString("delivery.kind." + kind + part);
                assertEquals(pattern.replace("''", "'").replace("{0}", "0"), java.text.MessageFormat.format(pattern, "0"),
                        kind + part + " reads as written");
            }
        }
        ReplyAdvice german = ReplyAdvice.explain("timed out", "", Locale.GERMAN);
        assertEquals("The relay did not answer in time.", german.meaning(), "an unknown language gets English");
    }

    @Test
    void replyCodesAreFoundAfterSaidOrAtTheStart() {
        assertEquals(535, ReplyCodes.code("SASL authentication failed; server x said: 535 Authentication credentials invalid"));
        assertEquals(250, ReplyCodes.code("250 2.0.0 Ok"));
        assertEquals(0, ReplyCodes.code("connect to x: Connection refused"));
        assertEquals(0, ReplyCodes.code("2500 not a code"));
        assertEquals("5.7.8", ReplyCodes.enhanced("host x said: 535 5.7.8 bad"));
        assertEquals("", ReplyCodes.enhanced("host x said: 535 bad"));
    }

    /** The French texts went through MessageFormat with their typographic apostrophes doubled: "l’’identification". */
    @Test
    void frenchTextsHaveOneApostrophe() {
        java.util.ResourceBundle fr = java.util.ResourceBundle.getBundle(ReplyAdvice.BUNDLE, Locale.FRENCH);
        for (String key : fr.keySet()) {
            assertFalse(fr.getString(key).contains("’’"), "MessageFormat does not undouble a typographic apostrophe: " + key);
        }
        assertEquals("Le relais a refusé l’identification (réponse 535).", ReplyAdvice.explain(
                "SASL authentication failed; server x said: 535 Authentication credentials invalid", "4.0.0", Locale.FRENCH).meaning());
    }
}
