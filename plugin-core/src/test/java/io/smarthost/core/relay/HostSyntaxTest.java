package io.smarthost.core.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HostSyntaxTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "smtp.sendgrid.net                | smtp.sendgrid.net:587         | smtp.sendgrid.net:587",
            "[smtp.sendgrid.net]              | [smtp.sendgrid.net]:587       | [smtp.sendgrid.net]:587",
            "[smtp.sendgrid.net]:2525         | [smtp.sendgrid.net]:2525      | [smtp.sendgrid.net]:2525",
            "SMTP.SendGrid.NET.               | smtp.sendgrid.net:587         | smtp.sendgrid.net:587",
            "smtp.example.com:465             | smtp.example.com:465          | smtp.example.com:465",
            "192.0.2.1                        | [192.0.2.1]:587               | [192.0.2.1]:587",
            "[192.0.2.1]:25                   | [192.0.2.1]:25                | [192.0.2.1]:25",
            "192.0.2.1:2525                   | [192.0.2.1]:2525              | [192.0.2.1]:2525",
            "[2001:db8::1]:587                | [2001:db8::1]:587             | [2001:db8::1]:587",
            "2001:DB8:0:0:0:0:0:1             | [2001:db8::1]:587             | [2001:db8::1]:587",
            "[2001:db8:0:0:1:0:0:1]           | [2001:db8::1:0:0:1]:587       | [2001:db8::1:0:0:1]:587",
            "[::ffff:192.0.2.1]:25            | [::ffff:c000:201]:25          | [::ffff:c000:201]:25",
            "[::1]                            | [::1]:587                     | [::1]:587",
            "bücher.example                   | xn--bcher-kva.example:587     | bücher.example:587",
            "[BÜCHER.example]:2525            | [xn--bcher-kva.example]:2525  | [bücher.example]:2525",
            "xn--bcher-kva.example            | xn--bcher-kva.example:587     | bücher.example:587",
            "'  smtp.example.com  '           | smtp.example.com:587          | smtp.example.com:587",
            "localhost                        | localhost:587                 | localhost:587",
    })
    void parsesToOneCanonicalFormAndBack(String typed, String canonical, String display) {
        RelayAddress parsed = RelayAddress.parse(typed, 587);
        assertEquals(canonical, parsed.canonical());
        assertEquals(display, parsed.display());
        assertEquals(parsed, RelayAddress.parse(parsed.canonical(), 1), "canonical text parses to the same address");
        assertEquals(parsed, RelayAddress.parse(parsed.display(), 1), "display text parses to the same address");
        assertEquals(parsed, RelayAddress.parse(parsed.hostField(true), parsed.port()), "form field round trip");
        assertEquals(parsed, RelayAddress.parse(parsed.hostField(false), parsed.port()), "ASCII field round trip");
    }

    @Test
    void bracketsTurnMxLookupOffAndIpAddressesNeverLookUp() {
        assertTrue(RelayAddress.parse("smtp.example.com", 25).mxLookup());
        assertFalse(RelayAddress.parse("[smtp.example.com]", 25).mxLookup());
        assertFalse(RelayAddress.parse("192.0.2.1", 25).mxLookup());
        assertEquals(HostKind.IPV6, RelayAddress.parse("2001:db8::1", 25).kind());
    }

    @Test
    void acceptsLongestLegalName() {
        String label63 = "a".repeat(63);
        String name = label63 + "." + label63 + "." + label63 + "." + "b".repeat(61);
        assertEquals(253, name.length());
        assertEquals(name, HostSyntax.dnsName(name));
        assertEquals(HostProblem.NAME_TOO_LONG,
                assertThrows(HostSyntaxException.class, () -> HostSyntax.dnsName(name + "c")).problem());
    }

    @Test
    void exceptionMessageNeverRepeatsTheText() {
        HostSyntaxException e = assertThrows(HostSyntaxException.class, () -> HostSyntax.parse("evil\r\nsecret"));
        assertFalse(e.getMessage().contains("secret"));
        assertEquals(HostProblem.CONTROL_CHARACTER, e.problem());
    }

    @Test
    void ipv6IsFormattedPerRfc5952() {
        assertEquals("2001:db8::2:1", Ipv6.canonical("2001:db8:0:0:0:0:2:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6.canonical("2001:db8:0:1:1:1:1:1"));
        assertEquals("2001:0:0:1::1", Ipv6.canonical("2001:0:0:1:0:0:0:1"));
        assertEquals("::", Ipv6.canonical("::"));
    }
}
