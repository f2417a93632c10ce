package io.smarthost.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The relay password never survives in a text a relay sent back, in any form it travelled in. */
class SecretMaskTest {
    static final String USER = "apikey";
    static final String SECRET = "S3cr3t-Relay-Key-7f9a";

    static SecretMask mask() {
        SecretMask m = new SecretMask();
        m.add(USER, SECRET);
        return m;
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void masksThePasswordAsIs() {
        assertEquals("535 bad password ****** for apikey", mask().mask("535 bad password " + SECRET + " for apikey"));
    }

    @Test
    void masksTheAuthPlainStringInBase64Whole() {
        assertEquals("535 ****** refused", mask().mask("535 " + b64("\0" + USER + "\0" + SECRET) + " refused"));
        assertEquals("535 ****** refused", mask().mask("535 " + b64(USER + "\0" + USER + "\0" + SECRET) + " refused"));
    }

    @Test
    void masksAuthLoginsUserNameAndPasswordLinesInBase64() {
        String echoed = mask().mask("535 got " + b64(USER) + " / " + b64(SECRET));
        assertEquals("535 got ****** / ******", echoed);
    }

    @Test
    void masksThePasswordInsideAnyLongerBase64TextAtEveryAlignment() {
        for (String prefix : new String[] {"", "x", "xy", "user=apikey;pass=", "Rejected login \0apikey\0"}) {
            String blob = b64(prefix + SECRET + " trailing words");
            String masked = mask().mask("535 " + blob);
            assertTrue(masked.contains(SecretMask.MASK), () -> prefix + ": " + masked);
            String left = masked.replace(SecretMask.MASK, "");
            assertFalse(decodesToTheSecret(left), () -> "secret recoverable for prefix \"" + prefix + "\": " + masked);
        }
    }

    @Test
    void leavesOtherTextAlone() {
        assertEquals("250 2.0.0 OK queued as 4BqXyz", mask().mask("250 2.0.0 OK queued as 4BqXyz"));
        SecretMask none = new SecretMask();
        none.add(USER, "");
        assertEquals("535 " + b64(USER), none.mask("535 " + b64(USER)), "no password: nothing to mask");
    }

    @Test
    void alignedFragmentsAreTheCharactersThatDependOnlyOnTheSecret() {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            String fragment = SecretMask.alignedFragment(secret, offset);
            for (String before : new String[] {"", "a", "ab", "abc"}) {
                if (before.length() % 3 != offset) {
                    continue;
                }
                String whole = b64(before + SECRET + "zz");
                assertTrue(whole.contains(fragment), () -> before + " / " + fragment + " in " + whole);
            }
        }
    }

    private static boolean decodesToTheSecret(String text) {
        for (String token : text.split("[^A-Za-z0-9+/=]+")) {
            for (int start = 0; start < Math.min(4, token.length()); start++) {
                String t = token.substring(start);
                t = t.substring(0, t.length() - t.length() % 4);
                try {
                    if (new String(Base64.getDecoder().decode(t), StandardCharsets.ISO_8859_1).contains(SECRET.substring(2, SECRET.length() - 2))) {
                        return true;
                    }
                } catch (IllegalArgumentException ignored) {
                    // not base64 from this start
                }
            }
        }
        return false;
    }
}
