package io.smarthost.panel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one parsing rule of every utility's command line (host utilities and plugins alike). */
class CliArgsTest {

    private static final Set<String> VALUED = Set.of("host", "port", "encryption", "domain");
    private static final Set<String> FLAGS = Set.of("json", "password-stdin");

    private static CliArgs accepted(String... words) {
        return CliArgs.parse(List.of(words)).accept(VALUED, FLAGS);
    }

    private static String refusal(String... words) {
        return assertThrows(CliUsageException.class, () -> accepted(words)).getMessage();
    }

    @Test
    void readsCommandValueOptionsAndFlags() {
        CliArgs a = accepted("--update-domain", "example.net", "-host", "smtp.example.com", "-port", "587", "-json");
        assertEquals("update-domain", a.command());
        assertEquals(Optional.of("example.net"), a.commandValue());
        assertEquals(Optional.of("smtp.example.com"), a.option("host"));
        assertEquals(Optional.of("587"), a.option("port"));
        assertTrue(a.flag("json"));
        assertFalse(a.flag("password-stdin"));
        assertEquals(Optional.empty(), a.option("encryption"));
    }

    @Test
    void anOptionAtTheEndWithoutItsValueIsRefusedNamingIt() {
        assertEquals("option -host needs a value (it is followed by another option or by nothing), e.g. -host VALUE",
                refusal("--update", "-host"));
    }

    @Test
    void anOptionFollowedByAnotherOptionIsRefusedNamingIt() {
        // the bug of issue 14: -host was taken as a flag, the port applied and the host silently ignored
        assertTrue(refusal("--update-domain", "example.net", "-host", "-port", "25").startsWith("option -host needs a value"));
    }

    @Test
    void anEmptyValueIsRefusedWhenParsingNamingTheOption() {
        for (String option : List.of("-port", "-encryption", "-host")) {
            CliUsageException e = assertThrows(CliUsageException.class,
                    () -> CliArgs.parse(List.of("--update", option, "")));
            assertTrue(e.getMessage().startsWith("option " + option + " is given an empty value"), e.getMessage());
        }
        assertThrows(CliUsageException.class, () -> CliArgs.parse(List.of("--update", "-host", "   ")));
    }

    @Test
    void anEmptyCommandValueIsRefused() {
        CliUsageException e = assertThrows(CliUsageException.class,
                () -> CliArgs.parse(List.of("--update-domain", "", "-port", "25")));
        assertTrue(e.getMessage().startsWith("--update-domain is given an empty value"), e.getMessage());
    }

    @Test
    void aFlagGivenAValueIsRefused() {
        assertEquals("option -json takes no value: take out the word after it", refusal("--list", "-json", "yes"));
        assertFalse(refusal("--update", "-password-stdin", "Hunter2Secret").contains("Hunter2"), "the word is not repeated");
    }

    @Test
    void aValueJoinedByAnEqualsSignIsRefusedWithoutRepeatingIt() {
        String text = refusal("--update-domain", "example.com", "-password=Hunter2Secret");
        assertEquals("option -password=...: give the value after a space, -password VALUE", text);
        assertTrue(!refusal("--update", "-host=smtp.example.com", "-port", "25").contains("smtp.example.com"));
        assertEquals("unexpected word (word 3 of the command, after the value of --info): options start with one dash and"
                + " take their value after a space (-name value); a value with spaces goes in quotes", refusal("--info", "a", "x"));
    }

    /** A word the line cannot take is named by its place, never repeated: it may be a secret pasted there (hostile tester). */
    @Test
    void aStrayWordOrAJoinedValueIsNeverRepeated() {
        String stray = refusal("--update", "-host", "h", "-username", "apikey", "SG.Hunter2Secret");
        assertTrue(stray.startsWith("unexpected word (word 6 of the command, after the value of -username)"), stray);
        String joined = refusal("--update", "-host", "h", "--password=Hunter2Secret");
        assertTrue(joined.startsWith("unexpected '--password=...' (word 4 of the command, after the value of -host)"), joined);
        String noName = refusal("--update", "-=Hunter2Secret");
        assertEquals("'-=...' (word 2 of the command): an option's name is missing before the '='", noName);
        String command = assertThrows(CliUsageException.class,
                () -> CliArgs.parse(List.of("--migrate-to=jdbc:postgresql://u:Hunter2Secret@h/db"))).getMessage();
        assertEquals("--migrate-to=...: give the value after a space, --migrate-to VALUE", command);
        String dashed = refusal("--update", "-host", "h", "-domain", "-Hunter2Secret");
        assertTrue(dashed.startsWith("option -domain needs a value"), "a value with a dash is not named as an option: " + dashed);
        for (String text : List.of(stray, joined, noName, command, dashed)) {
            assertFalse(text.contains("Hunter2"), text);
        }
    }

    @Test
    void anUnknownOptionIsRefusedNamingTheCommand() {
        assertEquals("unknown option -hots for --update (did you mean -host?)", refusal("--update", "-hots", "x"));
        assertEquals("unknown option -verbos for --update", refusal("--update", "-verbos"), "nothing close: no guess");
    }

    @Test
    void aNegativeNumberIsAValueNotAnOption() {
        assertEquals(Optional.of("-1"), accepted("--update", "-port", "-1").option("port"));
    }

    @Test
    void anOptionGivenTwiceIsRefused() {
        CliUsageException e = assertThrows(CliUsageException.class,
                () -> CliArgs.parse(List.of("--update", "-port", "25", "-port", "587")));
        assertEquals("option -port is given twice", e.getMessage());
    }

    @Test
    void wordsOutOfPlaceAreRefused() {
        assertThrows(CliUsageException.class, () -> CliArgs.parse(List.of()));
        assertThrows(CliUsageException.class, () -> CliArgs.parse(List.of("update")));
        assertTrue(assertThrows(CliUsageException.class, () -> CliArgs.parse(List.of("--update", "-host", "a", "b")))
                .getMessage().startsWith("unexpected word (word 4 of the command, after the value of -host)"));
        assertTrue(assertThrows(CliUsageException.class, () -> CliArgs.parse(List.of("--update", "--host", "a")))
                .getMessage().startsWith("unexpected '--host' (word 2 of the command, after --update)"));
    }

    @Test
    void withoutAcceptTheAccessorsStillApplyTheRule() {
        // a plugin that only calls allowOnly: reading a value that is missing, or a flag given one, is refused too
        CliArgs a = CliArgs.parse(List.of("--update", "-host", "-json", "yes")).allowOnly(Set.of("host", "json"));
        assertTrue(assertThrows(CliUsageException.class, () -> a.option("host")).getMessage()
                .startsWith("option -host needs a value"));
        assertThrows(CliUsageException.class, () -> a.bool("host"));
        assertThrows(CliUsageException.class, () -> a.flag("json"));
        assertTrue(a.has("host") && a.has("json") && !a.has("port"));
    }

    @Test
    void booleansAreTrueOrFalse() {
        CliArgs a = CliArgs.parse(List.of("--update", "-enabled", "true", "-auth", "Sekrit-XYZ"));
        assertEquals(Optional.of(true), a.bool("enabled"));
        assertEquals("-auth must be true or false (the word given is neither; it is not repeated)",
                assertThrows(CliUsageException.class, () -> a.bool("auth")).getMessage());
    }

    /** A word after a command that takes none is refused, naming it (--list büch listed everything: a hostile tester). */
    @Test
    void aWordAfterACommandThatTakesNoneIsRefused() {
        assertEquals("unexpected word (word 2 of the command): --list takes no value; options start with one dash, e.g. -json",
                assertThrows(CliUsageException.class, () -> CliArgs.parse(List.of("--list", "büch")).takesNoValue())
                        .getMessage());
        assertEquals("unexpected word (word 2 of the command): --list takes no value; options start with one dash, e.g. -filter",
                assertThrows(CliUsageException.class,
                        () -> CliArgs.parse(List.of("--list", "x", "-filter", "y")).takesNoValue()).getMessage());
        assertEquals(Optional.of("y"), CliArgs.parse(List.of("--list", "-filter", "y")).takesNoValue().option("filter"));
    }
}
