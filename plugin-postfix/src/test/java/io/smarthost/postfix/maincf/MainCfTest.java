package io.smarthost.postfix.maincf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.postfix.maincf.ConfigLine.Kind;
import io.smarthost.postfix.testing.Resources;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainCfTest {

    static String resource(String name) {
        return Resources.sample(name);
    }

    /** Lines that do not belong to any of {@code names} (start or continuation), raw. */
    static List<String> linesNotOwnedBy(MainCf cf, Set<String> names) {
        return cf.lines().stream()
                .filter(l -> !(l.kind() != Kind.IGNORED && names.contains(l.owner())))
                .map(ConfigLine::raw).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"debian-default.main.cf", "debian-internet-site.main.cf", "messy.main.cf", "hand-relay.main.cf"})
    void roundTripKeepsEveryByte(String file) throws IOException {
        String text = resource(file);
        assertEquals(text, MainCf.parse(text).render());
    }

    @Test
    void readsContinuationLinesAcrossCommentsAsPostfixDoes() throws IOException {
        MainCf cf = MainCf.parse(resource("messy.main.cf"));
        assertEquals("permit_mynetworks, reject_unauth_destination",
                cf.get("smtpd_recipient_restrictions").orElseThrow());
        assertEquals("[older.example.net]:2525", cf.get("relayhost").orElseThrow(), "the last occurrence wins");
    }

    @Test
    void reportsDuplicatesWithTheirLines() throws IOException {
        Map<String, List<Integer>> dups = MainCf.parse(resource("messy.main.cf")).duplicates();
        assertEquals(List.of(8, 12), dups.get("relayhost"));
        assertEquals(List.of(10, 14), dups.get("smtp_sasl_auth_enable"));
        assertEquals(List.of(15, 16), dups.get("mynetworks"));
    }

    @Test
    void setResolvesManagedDuplicatesAndLeavesUnmanagedOnesAlone() throws IOException {
        MainCf cf = MainCf.parse(resource("messy.main.cf"));
        List<String> before = linesNotOwnedBy(cf, Set.of("relayhost", "smtp_sasl_auth_enable"));
        cf.set("relayhost", "[new.example.net]:587");
        cf.set("smtp_sasl_auth_enable", "yes");

        MainCf after = MainCf.parse(cf.render());
        assertEquals(List.of("relayhost", "smtp_sasl_auth_enable", "mynetworks"),
                List.of("relayhost", "smtp_sasl_auth_enable", "mynetworks").stream()
                        .filter(n -> after.parameters().stream().anyMatch(p -> p.name().equals(n))).toList());
        assertEquals(1, after.parameters().stream().filter(p -> p.name().equals("relayhost")).count());
        assertEquals("[new.example.net]:587", after.get("relayhost").orElseThrow());
        assertEquals(List.of(15, 16).size(), after.duplicates().get("mynetworks").size(), "unmanaged duplicate kept");
        assertFalse(after.duplicates().containsKey("relayhost"));
        assertEquals(before, linesNotOwnedBy(after, Set.of("relayhost", "smtp_sasl_auth_enable")));
        assertTrue(cf.render().contains("relayhost = [new.example.net]:587\r\n"), "replaced in place keeps CRLF");
    }

    @Test
    void addsMissingParametersAfterTheMarkerAndRemovesThemAgain() throws IOException {
        String original = resource("debian-default.main.cf");
        MainCf cf = MainCf.parse(original);
        cf.set("smtp_sasl_auth_enable", "yes");
        cf.set("smtp_sender_dependent_authentication", "yes");
        String text = cf.render();
        assertTrue(text.endsWith(MainCf.MARKER + "\nsmtp_sasl_auth_enable = yes\nsmtp_sender_dependent_authentication = yes\n"
                + MainCf.END_MARKER + "\n"), text);

        MainCf again = MainCf.parse(text);
        again.remove("smtp_sasl_auth_enable");
        again.remove("smtp_sender_dependent_authentication");
        again.removeMarkerIfEmpty();
        assertEquals(original, again.render());
    }

    @Test
    void addingToAFileWithoutFinalNewlineKeepsItsLastLine() throws IOException {
        MainCf cf = MainCf.parse(resource("messy.main.cf"));
        cf.set("sender_dependent_relayhost_maps", "hash:/x");
        assertTrue(cf.render().contains("# trailing comment without newline\n" + MainCf.MARKER + "\n"));
    }

    @Test
    void setIsIdempotent() throws IOException {
        MainCf cf = MainCf.parse(resource("hand-relay.main.cf"));
        cf.set("relayhost", "[a.example]:587");
        cf.set("smtp_sender_dependent_authentication", "yes");
        String once = cf.render();
        MainCf again = MainCf.parse(once);
        again.set("relayhost", "[a.example]:587");
        again.set("smtp_sender_dependent_authentication", "yes");
        assertEquals(once, again.render());
    }

    @Test
    void aBlockWrittenBeforeTheEndMarkerExistedIsClosedAtTheNextWrite() {
        MainCf cf = MainCf.parse("a = 1\n" + MainCf.MARKER + "\nrelayhost = [x]:25\n\n# admin\nb = 2\n");
        cf.set("smtp_sasl_auth_enable", "yes");
        assertEquals("a = 1\n" + MainCf.MARKER + "\nrelayhost = [x]:25\nsmtp_sasl_auth_enable = yes\n" + MainCf.END_MARKER
                + "\n\n# admin\nb = 2\n", cf.render());
    }

    @Test
    void keepsLinesPostfixCannotReadAndReportsThem() {
        MainCf cf = MainCf.parse("a = 1\nthis line has no equals\nb = 2\n");
        assertEquals(List.of(2), cf.malformedLines());
        cf.set("b", "3");
        assertEquals("a = 1\nthis line has no equals\nb = 3\n", cf.render());
    }
}
