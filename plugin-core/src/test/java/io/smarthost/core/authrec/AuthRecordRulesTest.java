package io.smarthost.core.authrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.authrec.AuthRecordProblem.Code;
import io.smarthost.core.authrec.AuthRecordRules.Candidate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthRecordRulesTest {
    private static final Set<AuthRecordType> BOTH = EnumSet.allOf(AuthRecordType.class);

    private static List<Code> codes(String name, String type, String value) {
        return AuthRecordRules.validate("example.com", List.of(new Candidate(0, name, type, value)), BOTH, "SendGrid")
                .problems().stream().map(AuthRecordProblem::code).toList();
    }

    @Test
    void refusesNamesThatAreNotDnsNames() {
        assertEquals(List.of(Code.NAME_SYNTAX), codes("em 1234", "CNAME", "u1.wl.sendgrid.net"));
        assertEquals(List.of(Code.NAME_SYNTAX), codes("-em.example.com", "CNAME", "u1.wl.sendgrid.net"));
        assertEquals(List.of(Code.NAME_SYNTAX), codes("a".repeat(64) + ".example.com", "CNAME", "u1.wl.sendgrid.net"));
        assertEquals(List.of(Code.NAME_MISSING), codes(" ", "CNAME", "u1.wl.sendgrid.net"));
    }

    @Test
    void refusesNamesOutsideTheDomain() {
        assertEquals(List.of(Code.NAME_NOT_UNDER_DOMAIN), codes("em1.example.org.", "CNAME", "u1.wl.sendgrid.net"));
        assertEquals(List.of(Code.NAME_AMBIGUOUS), codes("em1.example.org", "CNAME", "u1.wl.sendgrid.net"));
        assertEquals(List.of(Code.NAME_NOT_UNDER_DOMAIN), codes("notexample.com.", "TXT", "x"), "a suffix is not a subdomain");
    }

    @Test
    void refusesCnameTargetsThatAreNotHostNames() {
        assertEquals(List.of(Code.TARGET_IS_ADDRESS), codes("em1", "CNAME", "192.0.2.10"));
        assertEquals(List.of(Code.TARGET_IS_ADDRESS), codes("em1", "CNAME", "2001:db8::1"));
        assertEquals(List.of(Code.TARGET_SYNTAX), codes("em1", "CNAME", "sendgrid"));
        assertEquals(List.of(Code.TARGET_SYNTAX), codes("em1", "CNAME", "u1.wl.sendgrid.net/x"));
        assertEquals(List.of(Code.TARGET_IS_ITSELF), codes("em1", "CNAME", "em1.example.com."));
        assertEquals(List.of(Code.CNAME_AT_APEX), codes("@", "CNAME", "u1.wl.sendgrid.net"));
        assertEquals(List.of(Code.VALUE_MISSING), codes("em1", "CNAME", ""));
    }

    @Test
    void txtValuesAreBoundedPrintableAndNotTheApexSpf() {
        assertEquals(List.of(), codes("s._domainkey", "TXT", "k=rsa; p=" + "A".repeat(AuthRecordRules.MAX_TXT - 9)));
        assertEquals(List.of(Code.TXT_TOO_LONG), codes("s._domainkey", "TXT", "k=rsa; p=" + "A".repeat(AuthRecordRules.MAX_TXT)));
        assertEquals(List.of(Code.TXT_NOT_PRINTABLE), codes("s._domainkey", "TXT", "k=rsa;\u0007p=AB"));
        assertEquals(List.of(Code.SPF_AT_APEX), codes("example.com", "TXT", "v=spf1 include:sendgrid.net ~all"));
        assertEquals(List.of(), codes("mail.example.com", "TXT", "v=spf1 include:amazonses.com ~all"),
                "a MAIL FROM subdomain's SPF is the service's record");
        assertEquals(List.of(Code.VALUE_MISSING), codes("x._domainkey", "TXT", "\"\""));
    }

    @Test
    void refusesTypesTheServiceDoesNotAskForNamingWhatItAsksFor() {
        AuthRecordRules.Validated v = AuthRecordRules.validate("example.com",
                List.of(new Candidate(0, "mailjet._domainkey", "CNAME", "x.mailjet.com")), EnumSet.of(AuthRecordType.TXT), "Mailjet");
        assertEquals(List.of(Code.TYPE_NOT_USED_BY_PROVIDER), v.problems().stream().map(AuthRecordProblem::code).toList());
        assertEquals("Record 1: Mailjet does not ask for CNAME records; it asks for TXT. Check that the record comes from Mailjet's dashboard",
                AuthRecordText.forLocale(Locale.ENGLISH).inList(v.problems().get(0)));
        assertEquals(List.of(Code.TYPE_UNSUPPORTED), codes("x", "A", "192.0.2.1"));
        assertEquals(List.of(Code.TYPE_MISSING), codes("x", "", "y"));
    }

    @Test
    void aNameWithACnameHoldsNothingElseAndDuplicatesAreNamed() {
        AuthRecordRules.Validated v = AuthRecordRules.validate("example.com", List.of(
                new Candidate(1, "em1", "CNAME", "u1.wl.sendgrid.net"),
                new Candidate(2, "em1.example.com", "TXT", "hello"),
                new Candidate(3, "s1._domainkey", "CNAME", "s1.domainkey.u1.wl.sendgrid.net"),
                new Candidate(4, "S1._DOMAINKEY.example.com.", "CNAME", "S1.domainkey.u1.wl.sendgrid.net.")), BOTH, "SendGrid");
        assertEquals(List.of(Code.DUPLICATE, Code.CNAME_BESIDE_OTHER), v.problems().stream().map(AuthRecordProblem::code).toList());
        assertEquals(4, v.problems().get(0).position());
        assertEquals(1, v.problems().get(1).position());
        assertEquals(List.of(), v.records(), "nothing is kept while a record has a problem");
    }

    @Test
    void atMostTwentyRecordsPerDomain() {
        List<Candidate> many = new ArrayList<>();
        for (int i = 0; i <= AuthRecordRules.MAX_RECORDS; i++) {
            many.add(new Candidate(i, "s" + i + "._domainkey", "CNAME", "s" + i + ".dkim.example.net"));
        }
        AuthRecordRules.Validated v = AuthRecordRules.validate("example.com", many, BOTH, "x");
        assertEquals(List.of(Code.TOO_MANY), v.problems().stream().map(AuthRecordProblem::code).toList());
        assertEquals(List.of("21", "20"), v.problems().get(0).args());
        assertTrue(AuthRecordRules.validate("example.com", many.subList(0, 20), BOTH, "x").ok());
    }

    @Test
    void unicodeNamesAreTakenInTheirAsciiForm() {
        String ascii = java.net.IDN.toASCII("exämple.com");
        AuthRecordRules.Validated v = AuthRecordRules.validate(ascii,
                List.of(new Candidate(0, "em1.exämple.com", "CNAME", "u1.wl.sendgrid.net")), BOTH, "x");
        assertTrue(ascii.startsWith("xn--"), ascii);
        assertEquals(List.of(new AuthRecord("em1." + ascii, AuthRecordType.CNAME, "u1.wl.sendgrid.net")), v.records());
    }

    @Test
    void theCatalogueSaysWhichTypesEachPresetAsksFor() {
        assertEquals(Set.of(AuthRecordType.CNAME, AuthRecordType.TXT), AuthRecordKinds.allowed("sendgrid"));
        assertEquals(Set.of(AuthRecordType.TXT), AuthRecordKinds.allowed("mailjet"));
        assertEquals(Set.of(AuthRecordType.CNAME), AuthRecordKinds.allowed("smtp2go"));
        assertEquals(BOTH, AuthRecordKinds.allowed("custom"), "a relay that is not a preset may use both");
        for (var p : io.smarthost.core.provider.ProviderCatalog.builtIn().all()) {
            assertTrue(AuthRecordKinds.of(p.id()).isPresent(), p.id() + " is marked in the catalogue");
            assertTrue(!AuthRecordText.forLocale(Locale.ENGLISH).providerHint(p.id()).isEmpty(), p.id() + " has a hint");
            assertTrue(!AuthRecordText.forLocale(Locale.FRENCH).providerHint(p.id()).isEmpty(), p.id() + " has a French hint");
        }
    }
}
