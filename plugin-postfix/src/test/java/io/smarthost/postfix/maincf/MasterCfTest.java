package io.smarthost.postfix.maincf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.postfix.testing.Resources;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MasterCfTest {

    private static final String BLOCK = "smarthost-tls unix - - n - - smtp\n  -o smtp_tls_wrappermode=yes\n";

    @Test
    void roundTripKeepsEveryByte() throws IOException {
        String text = Resources.sample("debian.master.cf");
        assertEquals(text, MasterCf.parse(text).render());
    }

    @Test
    void addsOurBlockAndRemovesItLeavingTheRestIdentical() throws IOException {
        String original = Resources.sample("debian.master.cf");
        MasterCf cf = MasterCf.parse(original);
        cf.replaceBlock(n -> n.startsWith("smarthost-"), BLOCK);
        String enabled = cf.render();
        assertTrue(enabled.startsWith(original));
        assertTrue(enabled.endsWith(MasterCf.MARKER + "\n" + BLOCK));
        assertEquals(1, MasterCf.parse(enabled).services(n -> n.equals("smarthost-tls")).size());

        MasterCf again = MasterCf.parse(enabled);
        again.replaceBlock(n -> n.startsWith("smarthost-"), BLOCK);
        assertEquals(enabled, again.render(), "idempotent");

        again.replaceBlock(n -> n.startsWith("smarthost-"), "");
        assertEquals(original, again.render());
    }

    @Test
    void takesOverAStrayCopyOfOurServiceWithItsOptions() {
        String text = "smtp inet n - y - - smtpd\nsmarthost-tls unix - - n - - smtp\n  -o old=1\npickup unix n - y 60 1 pickup\n";
        MasterCf cf = MasterCf.parse(text);
        cf.replaceBlock(n -> n.startsWith("smarthost-"), BLOCK);
        assertEquals("smtp inet n - y - - smtpd\npickup unix n - y 60 1 pickup\n" + MasterCf.MARKER + "\n" + BLOCK, cf.render());
    }
}
