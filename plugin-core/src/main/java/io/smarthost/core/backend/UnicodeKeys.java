package io.smarthost.core.backend;

import io.smarthost.panel.api.Punycode;

/**
 * The second key of an IDN sender: a client that sends with SMTPUTF8 ({@code MAIL FROM:<anna@bücher.example>})
 * makes Postfix look {@code anna@bücher.example} and {@code @bücher.example} up as they are, never their
 * {@code xn--} form (seen on Postfix 3.7), so the sender maps carry the Unicode key beside the ASCII one, with the
 * same value.
 *
 * <p>Postfix folds the case of a UTF-8 key with ICU's full case folding, in {@code postmap} and in each lookup. A
 * name whose Unicode form that folding changes ({@code ß} becomes {@code ss}, {@code ς} becomes {@code σ}, a few
 * Greek letters decompose) gets no second key: its folded key may be another domain's ({@code straße.example}
 * folds to {@code strasse.example}, a name of its own), and Postfix cannot tell the two apart. Mail from such a
 * sender in Unicode still goes the way of mail without a relay. Every other name's key is stored by {@code postmap}
 * byte for byte as written, which keeps the self-check's comparison with {@code postmap -s} exact.
 *
 * <p>Cost: a name without {@code xn--} is answered by one {@link String#contains} (no allocation): a bulk
 * change renders 100,000 names.
 *
 * @since 1.4
 */
public final class UnicodeKeys {

    private UnicodeKeys() {
    }

    /**
     * The Unicode key beside a sender map key ({@code @xn--bcher-kva.example} gives {@code @bücher.example},
     * {@code anna@xn--bcher-kva.example} gives {@code anna@bücher.example}); null when the key's domain has no
     * {@code xn--} label, or when its Unicode form is not what Postfix would look up ({@link #name}).
     */
    public static String of(String key) {
        if (!key.contains("xn--")) {
            return null;
        }
        int at = key.lastIndexOf('@');
        String unicode = name(key.substring(at + 1));
        return unicode == null ? null : key.substring(0, at + 1) + unicode;
    }

    /** {@link #of} for the key of a sender domain ({@code @} and the domain). */
    public static String ofDomain(String asciiDomain) {
        if (!asciiDomain.contains("xn--")) {
            return null;
        }
        String unicode = name(asciiDomain);
        return unicode == null ? null : "@" + unicode;
    }

    /**
     * The Unicode form of a lower-case ASCII domain name as Postfix looks it up for a sender written in Unicode, when
     * the panel writes keys for it; null for a name without {@code xn--} label, one whose labels do not decode, and
     * one whose Unicode form Postfix's case folding changes.
     */
    public static String name(String asciiDomain) {
        if (!asciiDomain.contains("xn--")) {
            return null;
        }
        String unicode = Punycode.toUnicode(asciiDomain);
        return unicode.equals(asciiDomain) || !foldStable(unicode) ? null : unicode;
    }

    /**
     * Whether ICU's full case folding (what Postfix applies to UTF-8 keys) leaves {@code s} as it is. {@code s} is
     * lower case (a U-label): the characters that folding still changes are listed; a character Java does not know
     * (newer Unicode than Java's) counts as changed.
     */
    static boolean foldStable(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                if (c >= 'A' && c <= 'Z') {
                    return false;
                }
                continue;
            }
            if (!Character.isDefined(c) || Character.toLowerCase(c) != c || folded(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Lower-case characters that full case folding (Unicode's CaseFolding.txt, statuses C and F) changes, as ranges
     * (first, last): checked against Postfix 3.7 with ICU 72 ({@code postmap -s}).
     */
    private static final int[] FOLDED = {
            0x00B5, 0x00B5, 0x00DF, 0x00DF, 0x0149, 0x0149, 0x017F, 0x017F, 0x01F0, 0x01F0, 0x0345, 0x0345,
            0x0390, 0x0390, 0x03B0, 0x03B0, 0x03C2, 0x03C2, 0x03D0, 0x03D1, 0x03D5, 0x03D6, 0x03F0, 0x03F1,
            0x03F5, 0x03F5, 0x0587, 0x0587, 0x13F8, 0x13FD, 0x1C80, 0x1C88, 0x1E96, 0x1E9B, 0x1F50, 0x1F50,
            0x1F52, 0x1F52, 0x1F54, 0x1F54, 0x1F56, 0x1F56, 0x1F80, 0x1F87, 0x1F90, 0x1F97, 0x1FA0, 0x1FA7,
            0x1FB2, 0x1FB4, 0x1FB6, 0x1FB7, 0x1FBE, 0x1FBE, 0x1FC2, 0x1FC4, 0x1FC6, 0x1FC7, 0x1FD2, 0x1FD3,
            0x1FD6, 0x1FD7, 0x1FE2, 0x1FE4, 0x1FE6, 0x1FE7, 0x1FF2, 0x1FF4, 0x1FF6, 0x1FF7, 0xAB70, 0xABBF,
            0xFB00, 0xFB06, 0xFB13, 0xFB17,
    };

    private static boolean folded(int c) {
        for (int i = 0; i < FOLDED.length && FOLDED[i] <= c; i += 2) {
            if (c <= FOLDED[i + 1]) {
                return true;
            }
        }
        return false;
    }
}
