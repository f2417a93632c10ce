package io.smarthost.postfix.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.Inspection;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.testing.PostfixInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables written inside main.cf never show their content on the inspection and preview pages. */
class MaskTest {

    @TempDir
    Path base;

    @Test
    void tablesAtTheStartAreMasked() {
        assertEquals("static:******", Inspector.mask("static:user:pw"));
        assertEquals("inline:{******}", Inspector.mask("inline:{ [relay]:587 = user:pw }"));
        assertEquals("texthash:{******}", Inspector.mask("texthash:{a b}"));
    }

    /** Regression: only values that STARTED with static:, inline: or texthash:{ were masked. */
    @Test
    void tablesAnywhereInTheValueAreMasked() {
        assertEquals("hash:/etc/postfix/sasl, static:******", Inspector.mask("hash:/etc/postfix/sasl, static:user:pw"));
        assertEquals("hash:/x static:******,hash:/y", Inspector.mask("hash:/x static:user:pw,hash:/y"));
        assertEquals("proxy:mysql:/etc/postfix/m.cf,inline:{******}",
                Inspector.mask("proxy:mysql:/etc/postfix/m.cf,inline:{ {[r]:587 = u:p w}, {@d = u2:p2} }"));
        assertEquals("proxy:inline:{******}", Inspector.mask("proxy:inline:{ x = u:pw }"));
        assertEquals("hash:/x, pcre:{******}", Inspector.mask("hash:/x, pcre:{ {/./ user:pw} }"));
        assertEquals("unionmap:{******}", Inspector.mask("unionmap:{ hash:/x, static:u:pw }"));
        assertEquals("hash:/x, inline:{******", Inspector.mask("hash:/x, inline:{ unclosed = u:pw"));
        assertEquals("hash:/x,STATIC:******", Inspector.mask("hash:/x,STATIC:u:pw"));
    }

    @Test
    void tableFilesAndPlainValuesShowAsTheyAre() {
        for (String v : new String[] {"hash:/etc/postfix/sasl_passwd", "[smtp.example.com]:587", "smtp:[192.0.2.1]:25",
                "yes", "encrypt", "hash:/a, lmdb:/b", "", "may"}) {
            assertEquals(v, Inspector.mask(v));
        }
    }

    @Test
    void theInspectionPageShowsNoPasswordFromAListOfTables() throws Exception {
        PostfixInstance postfix = PostfixInstance.create(base);
        Path mainCf = postfix.configDir().resolve("main.cf");
        Files.writeString(mainCf, Files.readString(mainCf)
                + "relayhost = [smtp.provider.example]:587\n"
                + "smtp_sasl_auth_enable = yes\n"
                + "smtp_sasl_password_maps = hash:" + postfix.configDir() + "/sasl, static:login:HandWrittenSecret\n"
                + "smtp_sender_dependent_authentication = yes\n"
                + "sender_dependent_relayhost_maps = inline:{ @x.example = [r]:587 }, static:[other]:25\n");
        Inspection i = new PostfixMailBackend(postfix.settings()).inspect();
        String shown = i.toString();
        assertFalse(shown.contains("HandWrittenSecret"), shown);
        assertTrue(i.settings().stream().anyMatch(s -> s.name().equals("smtp_sasl_password_maps")
                && s.value().endsWith(", static:******")), shown);
    }
}
