package io.smarthost.core.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link HostSyntax#dnsName}'s one-pass acceptance of plain names gives what the label checks give: the
 * same name, or the same problem, on names made of the characters that matter (letters, digits, hyphens,
 * dots, an upper-case letter, an underscore, {@code xn--} labels, long labels, digits-only top labels).
 */
class DnsNameFastPathTest {
    private static final String[] PIECES = {"a", "b", "z", "0", "9", "-", ".", "..", "xn--", "xn--bcher-kva", "A", "_",
            "a".repeat(63), "a".repeat(64), "123", "-a", "a-"};

    @Test
    void agreesWithTheLabelChecksOnTwoHundredThousandNames() {
        Random random = new Random(16);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int pieces = 1 + random.nextInt(6);
            for (int p = 0; p < pieces; p++) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String name = b.toString();
            String fast = outcome(() -> HostSyntax.dnsName(name));
            String lower = name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
            String slow = lower.length() > 253 ? "!NAME_TOO_LONG"
                    : outcome(() -> HostSyntax.checkedLabels(lower.toLowerCase(java.util.Locale.ROOT)));
            assertEquals(slow, fast, name);
            if (!fast.startsWith("!")) {
                accepted++;
            }
        }
        assertTrue(accepted > 20_000, "enough names accepted to test the fast path: " + accepted);
    }

    @Test
    void plainNamesAsBefore() {
        assertEquals("d42.bench.example", HostSyntax.dnsName("D42.Bench.Example."));
        assertEquals("xn--bcher-kva.example", HostSyntax.dnsName("bücher.example"));
        assertEquals("1-2.example", HostSyntax.dnsName("1-2.example"));
        assertEquals("!NUMERIC_TOP_LABEL", outcome(() -> HostSyntax.dnsName("example.123")));
        assertEquals("!INVALID_IDN", outcome(() -> HostSyntax.dnsName("xn--zz.example")));
    }

    private static String outcome(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (HostSyntaxException e) {
            return "!" + e.problem().name();
        }
    }
}
