package io.smarthost.core.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpfMergeTest {

    private static final String SG = "sendgrid.net";

    /** existing record (null = none) -> expected record, changed, own lookups, problem codes. */
    static Stream<Arguments> table() {
        return Stream.of(
                row(null, "v=spf1 include:sendgrid.net ~all", true, 1),
                row("v=spf1 a mx -all", "v=spf1 a mx include:sendgrid.net -all", true, 3),
                row("v=spf1 a mx ~all", "v=spf1 a mx include:sendgrid.net ~all", true, 3),
                row("v=spf1 mx ?all", "v=spf1 mx include:sendgrid.net ?all", true, 2),
                row("v=spf1 +a +mx +a:mail.example.com -all", "v=spf1 +a +mx +a:mail.example.com include:sendgrid.net -all", true, 4),
                row("v=spf1 -ip4:192.0.2.7 ip4:192.0.2.0/24 -all", "v=spf1 -ip4:192.0.2.7 ip4:192.0.2.0/24 include:sendgrid.net -all", true, 1),
                // already there: left exactly as written, whatever the case or a final dot
                row("v=spf1 include:sendgrid.net ~all", "v=spf1 include:sendgrid.net ~all", false, 1),
                row("v=spf1 mx INCLUDE:SendGrid.NET. -all", "v=spf1 mx INCLUDE:SendGrid.NET. -all", false, 2),
                row("v=spf1 mx +include:sendgrid.net -all", "v=spf1 mx +include:sendgrid.net -all", false, 2),
                // redirect= without all: include among the mechanisms, redirect kept (and counted)
                row("v=spf1 redirect=_spf.example.com", "v=spf1 include:sendgrid.net redirect=_spf.example.com", true, 2),
                row("v=spf1 a redirect=_spf.example.com", "v=spf1 a include:sendgrid.net redirect=_spf.example.com", true, 3),
                // redirect= next to all is never used (and not counted), kept as written
                row("v=spf1 mx -all redirect=_spf.example.com", "v=spf1 mx include:sendgrid.net -all redirect=_spf.example.com", true, 2,
                        SpfProblem.Code.REDIRECT_IGNORED),
                // include chains keep their order
                row("v=spf1 include:_spf.google.com include:mailgun.org ~all",
                        "v=spf1 include:_spf.google.com include:mailgun.org include:sendgrid.net ~all", true, 3),
                // no all, no redirect: after the last mechanism
                row("v=spf1 ip4:192.0.2.0/24", "v=spf1 ip4:192.0.2.0/24 include:sendgrid.net", true, 1),
                row("v=spf1", "v=spf1 include:sendgrid.net", true, 1),
                // modifiers and macros left exactly as written
                row("v=spf1 mx -all exp=explain._spf.%{d}", "v=spf1 mx include:sendgrid.net -all exp=explain._spf.%{d}", true, 2),
                row("v=spf1 exists:%{i}._spf.%{d} -all", "v=spf1 exists:%{i}._spf.%{d} include:sendgrid.net -all", true, 2,
                        SpfProblem.Code.MACRO_NOT_FOLLOWED),
                row("v=spf1 ip6:2001:DB8::/32 a/24 mx:mx.example.com/28//64 ~all",
                        "v=spf1 ip6:2001:DB8::/32 a/24 mx:mx.example.com/28//64 include:sendgrid.net ~all", true, 3),
                // extra spaces are normalised
                row("  v=spf1   a\t  ~all ", "v=spf1 a include:sendgrid.net ~all", true, 2),
                // duplicates removed (same test, case-insensitive), different qualifiers are different tests
                row("v=spf1 a a mx include:x.example include:X.EXAMPLE ~all", "v=spf1 a mx include:x.example include:sendgrid.net ~all", true, 4,
                        SpfProblem.Code.DUPLICATE_REMOVED, SpfProblem.Code.DUPLICATE_REMOVED),
                row("v=spf1 include:sendgrid.net include:sendgrid.net ~all", "v=spf1 include:sendgrid.net ~all", true, 1,
                        SpfProblem.Code.DUPLICATE_REMOVED),
                row("v=spf1 a -a ~all", "v=spf1 a -a include:sendgrid.net ~all", true, 3),
                // include with a non-pass qualifier, or after all (never evaluated): fixed and said so
                row("v=spf1 -include:sendgrid.net ~all", "v=spf1 include:sendgrid.net ~all", true, 1, SpfProblem.Code.INCLUDE_FIXED),
                row("v=spf1 mx -all include:sendgrid.net", "v=spf1 mx include:sendgrid.net -all", true, 2, SpfProblem.Code.INCLUDE_FIXED),
                // unknown mechanism kept (not ours to delete) and reported
                row("v=spf1 mx spf2:foo -all", "v=spf1 mx spf2:foo include:sendgrid.net -all", true, 2, SpfProblem.Code.UNKNOWN_MECHANISM),
                // 10-lookup limit: 9 + ours is fine, 10 + ours is not
                row("v=spf1 a mx ptr exists:e.example include:a.example include:b.example include:c.example include:d.example include:f.example -all",
                        "v=spf1 a mx ptr exists:e.example include:a.example include:b.example include:c.example include:d.example include:f.example include:sendgrid.net -all",
                        true, 10),
                row("v=spf1 a mx ptr exists:e.example include:a.example include:b.example include:c.example include:d.example include:f.example include:g.example -all",
                        "v=spf1 a mx ptr exists:e.example include:a.example include:b.example include:c.example include:d.example include:f.example include:g.example include:sendgrid.net -all",
                        true, 11, SpfProblem.Code.OVER_LOOKUP_LIMIT),
                // ip4/ip6/all cost nothing
                row("v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 ip4:192.0.2.3 ip4:192.0.2.4 ip4:192.0.2.5 ip4:192.0.2.6 ip4:192.0.2.7 ip4:192.0.2.8 ip4:192.0.2.9 ip4:192.0.2.10 ip4:192.0.2.11 -all",
                        "v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 ip4:192.0.2.3 ip4:192.0.2.4 ip4:192.0.2.5 ip4:192.0.2.6 ip4:192.0.2.7 ip4:192.0.2.8 ip4:192.0.2.9 ip4:192.0.2.10 ip4:192.0.2.11 include:sendgrid.net -all",
                        true, 1));
    }

    private static Arguments row(String existing, String expected, boolean changed, int lookups, SpfProblem.Code... codes) {
        return Arguments.of(existing, expected, changed, lookups, List.of(codes));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("table")
    void mergesIncludeIntoExistingRecord(String existing, String expected, boolean changed, int lookups, List<SpfProblem.Code> codes) {
        MergeResult result = SpfMerge.merge(Optional.ofNullable(existing), SG);

        assertEquals(expected, result.record());
        assertEquals(changed, result.changed(), "changed");
        assertEquals(lookups, result.lookupCount(), "own lookups");
        assertEquals(codes, result.problems().stream().map(SpfProblem::code).toList());
        assertEquals(1, result.record().split("v=spf1", -1).length - 1, "exactly one v=spf1");
        assertEquals(lookups <= 10, result.withinLookupLimit());
        assertEquals(lookups > 10, result.blocked());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("table")
    void mergingTwiceChangesNothingMore(String existing, String expected) {
        MergeResult again = SpfMerge.merge(Optional.of(expected), SG);

        assertFalse(again.changed(), again.record());
        assertEquals(expected, again.record());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("table")
    void removingTheIncludeGivesBackWhatWasThere(String existing, String expected, boolean changed, int lookups,
                                                 List<SpfProblem.Code> codes) {
        Optional<String> removed = SpfMerge.remove(expected, SG);

        assertFalse(removed.orElse("").toLowerCase().contains("include:sendgrid.net"), removed.toString());
        boolean hadInclude = existing != null && existing.toLowerCase().contains("include:sendgrid.net");
        if (!hadInclude && !codes.contains(SpfProblem.Code.DUPLICATE_REMOVED)) {
            // What the merge added comes out again, and nothing else moves.
            assertEquals(Optional.ofNullable(existing).map(e -> SpfRecord.parse(e).render()), removed);
            assertEquals(expected, SpfMerge.merge(removed, SG).record());
        }
    }

    @Test
    void removesARecordLeftWithOnlySoftFailAll() {
        // A lone ~all would soft-fail every sender: having no record is better.
        assertEquals(Optional.empty(), SpfMerge.remove("v=spf1 include:sendgrid.net ~all", SG));
    }

    @Test
    void keepsALoneDenyAllWhenRemovingIncludeFromIt() {
        assertEquals(Optional.of("v=spf1 -all"), SpfMerge.remove("v=spf1 include:sendgrid.net -all", SG));
    }

    @Test
    void removeLeavesRecordWithoutTheIncludeAlone() {
        assertEquals(Optional.of("v=spf1 mx ~all"), SpfMerge.remove("v=spf1 mx ~all", SG));
    }

    @Test
    void acceptsIncludePrefixAndUpperCaseInTheIncludeArgument() {
        assertEquals("v=spf1 mx include:spf.mailjet.com -all",
                SpfMerge.merge(Optional.of("v=spf1 mx -all"), "include:SPF.Mailjet.com.").record());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "sendgrid", "send grid.net", "%{d}.example.com", "a..b", "-bad.example", "bad\n.example"})
    void rejectsIncludeThatIsNotADomainName(String include) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpfMerge.merge(Optional.empty(), include));
        assertTrue(e.getMessage().startsWith("SPF include:"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "no control characters echoed");
    }

    @Test
    void rejectsExistingTextThatIsNotSpf() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SpfMerge.merge(Optional.of("google-site-verification=abc"), SG));
        assertTrue(e.getMessage().contains("does not start with \"v=spf1\""), e.getMessage());
    }

    @Test
    void recognisesSpfRecordsByTheirVersionOnly() {
        assertTrue(SpfRecord.isSpf("v=spf1"));
        assertTrue(SpfRecord.isSpf("V=SPF1 -all"));
        assertFalse(SpfRecord.isSpf("v=spf10 -all"));
        assertFalse(SpfRecord.isSpf("spf2.0/pra -all"));
        assertFalse(SpfRecord.isSpf("v=DKIM1; k=rsa"));
    }

    @Test
    void reportsDuplicateRedirectAndTermsAfterAll() {
        List<SpfProblem.Code> codes = SpfRecord.parse("v=spf1 redirect=a.example redirect=b.example").problems().stream()
                .map(SpfProblem::code).toList();
        assertEquals(List.of(SpfProblem.Code.DUPLICATE_MODIFIER), codes);

        assertEquals(List.of(SpfProblem.Code.TERMS_AFTER_ALL),
                SpfRecord.parse("v=spf1 ~all mx").problems().stream().map(SpfProblem::code).toList());
    }

    @Test
    void parsingThenRenderingKeepsEveryTermAsWritten() {
        String text = "v=spf1 +A:Mail.Example.com/24 ?mx ~ptr -exists:%{ir}.%{l1r+-}._spf.%{d} ip6:::1 include:_spf.Example.com ~all exp=%{d}";
        assertEquals(text, SpfRecord.parse(text).render());
    }
}
