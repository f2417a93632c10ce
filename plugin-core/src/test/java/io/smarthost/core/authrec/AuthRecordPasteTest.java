package io.smarthost.core.authrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Pastes from relay dashboards, read and validated as one would save them. */
class AuthRecordPasteTest {

    private static AuthRecordRules.Validated read(String domain, String paste) {
        AuthRecordPaste.Parsed p = AuthRecordPaste.parse(paste);
        assertEquals(List.of(), p.problems(), "the paste was read");
        return AuthRecordRules.validate(domain, p.candidates(), EnumSet.allOf(AuthRecordType.class), "SendGrid");
    }

    @Test
    void readsSpaceSeparatedLinesWithFullNames() {
        AuthRecordRules.Validated v = read("example.com", """
                em1234.example.com CNAME u1234567.wl123.sendgrid.net
                s1._domainkey.example.com CNAME s1.domainkey.u1234567.wl123.sendgrid.net
                s2._domainkey.example.com CNAME s2.domainkey.u1234567.wl123.sendgrid.net
                """);
        assertEquals(List.of(), v.problems());
        assertEquals(List.of(
                new AuthRecord("em1234.example.com", AuthRecordType.CNAME, "u1234567.wl123.sendgrid.net"),
                new AuthRecord("s1._domainkey.example.com", AuthRecordType.CNAME, "s1.domainkey.u1234567.wl123.sendgrid.net"),
                new AuthRecord("s2._domainkey.example.com", AuthRecordType.CNAME, "s2.domainkey.u1234567.wl123.sendgrid.net")),
                v.records());
    }

    @Test
    void readsATableCopiedFromADashboardTypeFirstWithHeaderAndStatusColumn() {
        AuthRecordRules.Validated v = read("example.com",
                "Type\tHost\tValue\tStatus\n"
                        + "CNAME\tem1234.example.com\tu1234567.wl123.sendgrid.net\tVerified\n"
                        + "TXT\tpic._domainkey.example.com\tk=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC1\tUnverified\n");
        assertEquals(List.of(
                new AuthRecord("em1234.example.com", AuthRecordType.CNAME, "u1234567.wl123.sendgrid.net"),
                new AuthRecord("pic._domainkey.example.com", AuthRecordType.TXT, "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC1")),
                v.records());
    }

    @Test
    void readsZoneFileLinesWithTtlClassQuotedStringsAndComments() {
        AuthRecordRules.Validated v = read("example.com", """
                ; Amazon SES Easy DKIM
                abcdef._domainkey.example.com. 1800 IN CNAME abcdef.dkim.amazonses.com. ; token 1
                mailjet._domainkey IN TXT "k=rsa; " "p=MIGfMA0GCSqGSIb3" ; key
                @ 3600 IN TXT "brevo-code:0123456789abcdef"
                """);
        assertEquals(List.of(), v.problems());
        assertEquals(List.of(
                new AuthRecord("abcdef._domainkey.example.com", AuthRecordType.CNAME, "abcdef.dkim.amazonses.com"),
                new AuthRecord("mailjet._domainkey.example.com", AuthRecordType.TXT, "k=rsa; p=MIGfMA0GCSqGSIb3"),
                new AuthRecord("example.com", AuthRecordType.TXT, "brevo-code:0123456789abcdef")), v.records());
    }

    @Test
    void namesRelativeToTheDomainAreCompletedAndUnquotedTxtKeepsItsSpaces() {
        AuthRecordRules.Validated v = read("example.com", """
                brevo1._domainkey CNAME b1.example-com.dkim.brevo.com
                _dmarc TXT v=DMARC1; p=none; rua=mailto:rua@dmarc.brevo.com
                pm-bounces CNAME pm.mtasv.net
                """);
        assertEquals(List.of(
                new AuthRecord("brevo1._domainkey.example.com", AuthRecordType.CNAME, "b1.example-com.dkim.brevo.com"),
                new AuthRecord("_dmarc.example.com", AuthRecordType.TXT, "v=DMARC1; p=none; rua=mailto:rua@dmarc.brevo.com"),
                new AuthRecord("pm-bounces.example.com", AuthRecordType.CNAME, "pm.mtasv.net")), v.records());
    }

    @Test
    void aLineWithoutARecordTypeIsNamedByItsLineNumber() {
        AuthRecordPaste.Parsed p = AuthRecordPaste.parse("em1234.example.com CNAME u1.wl.sendgrid.net\n\nthis is not a record\n");
        assertEquals(1, p.candidates().size());
        assertEquals(1, p.problems().size());
        AuthRecordProblem problem = p.problems().get(0);
        assertEquals(AuthRecordProblem.Code.LINE_UNREADABLE, problem.code());
        assertEquals(3, problem.position());
        String text = AuthRecordText.forLocale(Locale.ENGLISH).onLine(problem);
        assertTrue(text.startsWith("Line 3: no record type (CNAME or TXT) found in \"this is not a record\""), text);
        String fr = AuthRecordText.forLocale(Locale.FRENCH).onLine(problem);
        assertTrue(fr.startsWith("Ligne 3\u202f: aucun type"), fr);
    }

    @Test
    void anMxLineIsReadButRefusedAsATypeNotHandledHere() {
        AuthRecordPaste.Parsed p = AuthRecordPaste.parse("mail.example.com MX 10 feedback-smtp.us-east-1.amazonses.com");
        AuthRecordRules.Validated v = AuthRecordRules.validate("example.com", p.candidates(),
                EnumSet.allOf(AuthRecordType.class), "Amazon SES");
        assertEquals(AuthRecordProblem.Code.TYPE_UNSUPPORTED, v.problems().get(0).code());
        assertEquals(List.of("MX"), v.problems().get(0).args());
    }

    @Test
    void theAOfASentenceIsNotAnARecord() {
        AuthRecordPaste.Parsed p = AuthRecordPaste.parse("this is a record\nwww.example.com in cname u1.wl.sendgrid.net");
        assertEquals(AuthRecordProblem.Code.LINE_UNREADABLE, p.problems().get(0).code());
        assertEquals(1, p.problems().size());
        assertEquals("cname", p.candidates().get(0).type(), "CNAME and TXT in any case");
        assertEquals(List.of(), AuthRecordPaste.parse("Type\tHostname\tEnter This Value\n").problems(), "Mailgun's header row");
    }

    @Test
    void aPasteOverTheSizeLimitIsRefusedBeforeReading() {
        AuthRecordPaste.Parsed p = AuthRecordPaste.parse("x".repeat(AuthRecordPaste.MAX_CHARS + 1));
        assertEquals(List.of(), p.candidates());
        assertEquals(AuthRecordProblem.Code.TOO_MANY, p.problems().get(0).code());
    }
}
