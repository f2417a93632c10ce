package io.smarthost.panel.api;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Punycode (RFC 3492) as domain names carry it in their {@code xn--} labels, and the Unicode form of such a label.
 *
 * <p>{@link java.net.IDN} implements IDNA 2003 only: its {@code toUnicode} gives an {@code xn--} label back
 * unchanged when the label's Unicode form does not map back to it under IDNA 2003's rules, which is the case of
 * every label that IDNA 2008 (the rules registries apply since 2010) allows and IDNA 2003 maps away:
 * {@code xn--strae-oqa} is {@code straße}, which IDNA 2003 spells {@code strasse}. Names the panel keeps are shown
 * and checked through this class instead, so that such a domain reads as it is registered.
 *
 * @since 1.4
 */
public final class Punycode {
    private static final int BASE = 36;
    private static final int TMIN = 1;
    private static final int TMAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 128;
    private static final String ACE = "xn--";

    private Punycode() {
    }

    /** The code points encoded by {@code input} (the part of a label after {@code xn--}); empty when it is no Punycode. */
    public static Optional<String> decode(String input) {
        int delimiter = input.lastIndexOf('-');
        StringBuilder out = new StringBuilder();
        java.util.List<Integer> points = new java.util.ArrayList<>();
        for (int j = 0; j < Math.max(delimiter, 0); j++) {
            char c = input.charAt(j);
            if (c >= 0x80) {
                return Optional.empty();
            }
            points.add((int) c);
        }
        long n = INITIAL_N;
        long i = 0;
        int bias = INITIAL_BIAS;
        int in = delimiter > 0 ? delimiter + 1 : 0;
        while (in < input.length()) {
            long oldi = i;
            long w = 1;
            for (int k = BASE; ; k += BASE) {
                if (in >= input.length()) {
                    return Optional.empty();
                }
                int digit = digit(input.charAt(in++));
                if (digit < 0) {
                    return Optional.empty();
                }
                i += digit * w;
                int t = k <= bias ? TMIN : Math.min(k - bias, TMAX);
                if (i > Integer.MAX_VALUE) {
                    return Optional.empty();
                }
                if (digit < t) {
                    break;
                }
                w *= BASE - t;
                if (w > Integer.MAX_VALUE) {
                    return Optional.empty(); // the next digit (at least 1) would take i past any code point
                }
            }
            int length = points.size() + 1;
            bias = adapt(i - oldi, length, oldi == 0);
            n += i / length;
            i %= length;
            if (n > Character.MAX_CODE_POINT || (n >= Character.MIN_SURROGATE && n <= Character.MAX_SURROGATE)) {
                return Optional.empty();
            }
            points.add((int) i, (int) n);
            i++;
        }
        points.forEach(out::appendCodePoint);
        return Optional.of(out.toString());
    }

    /** {@code input} encoded (the part of a label after {@code xn--}). */
    public static String encode(String input) {
        int[] points = input.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int p : points) {
            if (p < 0x80) {
                out.append((char) p);
            }
        }
        int basic = out.length();
        int handled = basic;
        if (basic > 0) {
            out.append('-');
        }
        long n = INITIAL_N;
        long delta = 0;
        int bias = INITIAL_BIAS;
        while (handled < points.length) {
            long m = Long.MAX_VALUE;
            for (int p : points) {
                if (p >= n && p < m) {
                    m = p;
                }
            }
            delta += (m - n) * (handled + 1);
            n = m;
            for (int p : points) {
                if (p < n) {
                    delta++;
                }
                if (p == n) {
                    long q = delta;
                    for (int k = BASE; ; k += BASE) {
                        int t = k <= bias ? TMIN : Math.min(k - bias, TMAX);
                        if (q < t) {
                            break;
                        }
                        out.append(digitChar((int) (t + (q - t) % (BASE - t))));
                        q = (q - t) / (BASE - t);
                    }
                    out.append(digitChar((int) q));
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
            delta++;
            n++;
        }
        return out.toString();
    }

    /**
     * The Unicode form of an {@code xn--} label when it is one a registry could hand out: its Punycode decodes, to
     * lower-case text in Unicode normal forms C and KC (no compatibility character: {@code ⒈} is {@code 1.}, which
     * IDNA 2008 disallows) with at least one character beyond ASCII, only characters IDNA 2008 lets a label hold
     * (letters, marks, digits, the hyphen, and those allowed in context: no symbol such as an emoji, no punctuation,
     * no space, no control), and encodes back to exactly this label.
     * Empty otherwise (not an {@code xn--} label, or one that is no IDN at all: {@code xn--zz}).
     */
    public static Optional<String> uLabel(String label) {
        if (!label.regionMatches(true, 0, ACE, 0, ACE.length()) || label.length() > 63) {
            return Optional.empty();
        }
        String rest = label.substring(ACE.length()).toLowerCase(Locale.ROOT);
        Optional<String> decoded = decode(rest);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        String u = decoded.get();
        boolean beyondAscii = u.codePoints().anyMatch(c -> c >= 0x80);
        boolean clean = u.codePoints().allMatch(Punycode::allowed);
        if (!beyondAscii || !clean || !u.equals(u.toLowerCase(Locale.ROOT))
                || !Normalizer.isNormalized(u, Normalizer.Form.NFC) || !Normalizer.isNormalized(u, Normalizer.Form.NFKC)
                || !encode(u).equals(rest)) {
            return Optional.empty();
        }
        return Optional.of(u);
    }

    /**
     * A domain name as typed (Unicode or ASCII, any case) in the ASCII form names are kept in, by IDNA 2008's rules
     * as UTS #46 applies them without transitional mapping, as browsers and registries do: {@code Straße.example} is
     * {@code xn--strae-oqa.example} (IDNA 2003, {@link java.net.IDN}, made it {@code strasse.example}, another
     * domain), {@code BÜCHER.example} is {@code xn--bcher-kva.example}, full-width letters are ASCII ones. A label
     * beyond ASCII is mapped (compatibility forms and upper case: NFKC, lower case, NFKC; {@code ß}, {@code ς} and
     * the joiners kept), then encoded to an {@code xn--} label that {@link #uLabel} takes back; an ASCII label is
     * lower-cased, and the full stops of East Asian scripts ({@code 。．｡}) separate labels as {@code .} does. What
     * an ASCII label may hold (letters, digits, hyphens), its length and the name's are the caller's checks.
     * Empty when a label holds a character IDNA 2008 disallows (a symbol such as an emoji, punctuation, a space, a
     * control character) or does not come back from its encoding.
     *
     * @since 1.4
     */
    public static Optional<String> toAscii(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = fullStops(name);
        if (ascii(n)) {
            return Optional.of(n.toLowerCase(Locale.ROOT));
        }
        StringBuilder out = new StringBuilder(n.length() + 16);
        int from = 0;
        while (true) {
            int dot = n.indexOf('.', from);
            String label = dot < 0 ? n.substring(from) : n.substring(from, dot);
            if (ascii(label)) {
                out.append(label.toLowerCase(Locale.ROOT));
            } else {
                String mapped = mapped(label);
                if (ascii(mapped)) {
                    out.append(mapped); // full-width letters: an ASCII label, checked by the caller
                } else {
                    if (!mapped.codePoints().allMatch(Punycode::allowed)) {
                        return Optional.empty();
                    }
                    String encoded = ACE + encode(mapped);
                    if (!uLabel(encoded).filter(mapped::equals).isPresent()) {
                        return Optional.empty();
                    }
                    out.append(encoded);
                }
            }
            if (dot < 0) {
                return Optional.of(out.toString());
            }
            out.append('.');
            from = dot + 1;
        }
    }

    /**
     * Text as UTS #46 maps it, near enough for names people type: the full stops of East Asian scripts to {@code .},
     * compatibility forms to their plain ones (NFKC), capitals to small letters ({@code Σ} to {@code σ}, as UTS #46
     * does wherever it stands), then NFKC again; {@code ß} and {@code ς} stay (no transitional mapping).
     *
     * @since 1.4
     */
    public static String mapped(String text) {
        String m = Normalizer.normalize(fullStops(text), Normalizer.Form.NFKC).replace('\u03A3', '\u03C3');
        return Normalizer.normalize(m.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
    }

    /** {@code 。．｡} as {@code .}: they separate labels as it does. */
    private static String fullStops(String text) {
        return text.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.');
    }

    /**
     * Whether IDNA 2008 lets a label hold {@code c} (after mapping), near enough: small letters and letters without
     * case, combining marks, decimal digits, the hyphen, the joiners (allowed in context) and the few punctuation
     * marks allowed in context (middle dot, Greek keraia, Hebrew geresh and gershayim, katakana middle dot).
     * Symbols (emoji among them), other punctuation, spaces and controls are not.
     */
    private static boolean allowed(int c) {
        if (c == '-' || c == 0x200C || c == 0x200D || c == 0x00B7 || c == 0x0375 || c == 0x05F3 || c == 0x05F4
                || c == 0x30FB) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.LOWERCASE_LETTER, Character.OTHER_LETTER, Character.MODIFIER_LETTER,
                    Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER -> true;
            default -> false;
        };
    }

    /** Whether {@code s} is ASCII only (also {@link DomainFilter}'s question). */
    static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * A domain name as people read it: each {@code xn--} label that {@link #uLabel} takes in its Unicode form, every
     * other label as it is ({@code xn--bcher-kva.example}: {@code bücher.example}; {@code xn--strae-oqa.de}:
     * {@code straße.de}). IP addresses and names without such a label come back unchanged.
     */
    public static String toUnicode(String name) {
        if (name == null || !name.regionMatches(true, 0, ACE, 0, ACE.length()) && !name.toLowerCase(Locale.ROOT).contains("." + ACE)) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        int from = 0;
        while (true) {
            int dot = name.indexOf('.', from);
            String label = dot < 0 ? name.substring(from) : name.substring(from, dot);
            out.append(uLabel(label).orElse(label));
            if (dot < 0) {
                return out.toString();
            }
            out.append('.');
            from = dot + 1;
        }
    }

    private static int adapt(long delta, int points, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / points;
        int k = 0;
        while (delta > ((BASE - TMIN) * TMAX) / 2) {
            delta /= BASE - TMIN;
            k += BASE;
        }
        return (int) (k + (BASE - TMIN + 1) * delta / (delta + SKEW));
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0' + 26;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        return -1;
    }

    private static char digitChar(int d) {
        return (char) (d < 26 ? 'a' + d : '0' + d - 26);
    }
}
