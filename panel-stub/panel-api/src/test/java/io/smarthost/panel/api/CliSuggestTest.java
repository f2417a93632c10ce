package io.smarthost.panel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliSuggestTest {
    static final List<String> OPTIONS = List.of("host", "port", "encryption", "verify-certificate", "auth", "username",
            "password-stdin", "domains", "domains-from", "confirm-takeover", "json", "domain");

    @Test
    void aTypoIsMatchedToTheOneOptionItWasMeantToBe() {
        assertEquals(Optional.of("host"), CliSuggest.closest("hots", OPTIONS), "two neighbours swapped");
        assertEquals(Optional.of("port"), CliSuggest.closest("prt", OPTIONS), "a letter dropped");
        assertEquals(Optional.of("encryption"), CliSuggest.closest("encrpytion", OPTIONS));
        assertEquals(Optional.of("verify-certificate"), CliSuggest.closest("verify-cert", OPTIONS), "a prefix");
        assertEquals(Optional.of("password-stdin"), CliSuggest.closest("password", OPTIONS), "a prefix");
        assertEquals(Optional.of("username"), CliSuggest.closest("USERNAM", OPTIONS), "case is not a difference");
        assertEquals(Optional.of("domains-from"), CliSuggest.closest("domain-from", OPTIONS));
    }

    @Test
    void aKnownWordInCapitalsIsThatWordAndATypoWinsOverAPrefix() {
        List<String> commands = List.of("list", "list-senders", "update", "update-domain", "update-domains", "info");
        assertEquals(Optional.of("list"), CliSuggest.closest("LIST", commands), "not list-senders");
        assertEquals(Optional.of("update"), CliSuggest.closest("UPDATE", commands));
        assertEquals(Optional.of("domains"), CliSuggest.closest("DOMAINS", OPTIONS), "not domain");
        assertEquals(Optional.of("domain"), CliSuggest.closest("Domain", OPTIONS), "not domains");
        assertEquals(Optional.of("list-senders"), CliSuggest.closest("list-sender", commands), "one letter dropped, not the prefix list");
        assertEquals(Optional.of("update-domain"), CliSuggest.closest("updat-domain", commands));
    }

    @Test
    void theRefusalOfAnUnknownCommandNamesItTheGuessAndWhereToLook() {
        assertEquals("unknown command --lst (did you mean --list?); see panel bin domain --help",
                CliSuggest.unknownCommand("lst", List.of("list", "info"), "see panel bin domain --help").getMessage());
        assertEquals("unknown command --hlep (did you mean --help?); see panel bin domain --help",
                CliSuggest.unknownCommand("hlep", List.of("list", "info"), "see panel bin domain --help").getMessage());
        assertEquals("unknown command --zzz; see panel bin domain --help",
                CliSuggest.unknownCommand("zzz", List.of("list", "info"), "see panel bin domain --help").getMessage());
    }

    @Test
    void nothingIsSuggestedWhenNothingIsCloseOrTwoAreAsClose() {
        assertEquals(Optional.empty(), CliSuggest.closest("colour", OPTIONS));
        assertEquals(Optional.empty(), CliSuggest.closest("x", OPTIONS), "too short to guess");
        assertEquals(Optional.empty(), CliSuggest.closest("domainz", OPTIONS), "domain and domains are both one edit away");
        assertEquals(Optional.empty(), CliSuggest.closest("host", OPTIONS), "a known word is no typo");
        assertEquals(Optional.empty(), CliSuggest.closest("", OPTIONS));
        assertEquals(Optional.empty(), CliSuggest.closest("h".repeat(10_000), OPTIONS), "a stranger's long word is not compared");
        assertEquals(Optional.empty(), CliSuggest.closest("ab", Set.of("cd")));
        assertEquals(Optional.empty(), CliSuggest.closest("repair-all-and-more", List.of("repair", "verify")),
                "the word with more after it is another word");
        assertEquals(Optional.empty(), CliSuggest.closest("verifyxxxxxxxx-delete", List.of("repair", "verify")));
    }

    @Test
    void theSentenceNamesTheWordWithItsDashes() {
        assertEquals(" (did you mean --update-domain?)", CliSuggest.didYouMean("updat-domain",
                List.of("update", "update-domain", "update-domains"), "--"));
        assertEquals("", CliSuggest.didYouMean("frobnicate", List.of("update"), "--"));
    }

    @Test
    void anUnknownOptionOfACommandSaysWhichItWasMeantToBe() {
        CliArgs args = CliArgs.parse(List.of("--update", "-hots", "smtp.example.com"));
        CliUsageException e = org.junit.jupiter.api.Assertions.assertThrows(CliUsageException.class,
                () -> args.accept(Set.of("host", "port"), Set.of("json")));
        assertEquals("unknown option -hots for --update (did you mean -host?)", e.getMessage());
        assertFalse(e.getMessage().contains("smtp.example.com"), "the value is not repeated");
    }
}
