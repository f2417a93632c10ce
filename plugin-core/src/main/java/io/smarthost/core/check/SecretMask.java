package io.smarthost.core.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces a relay password in any text a relay sent back (replies shown in steps, details, the
 * transcript, the stored last check) by {@code ******}. A server may echo what it received, so the
 * password is searched in every form it travelled in:
 * <ul>
 *   <li>as is;</li>
 *   <li>base64 of the AUTH PLAIN string {@code \0user\0password} (also with the user as
 *       authorisation identity), of AUTH LOGIN's user name and of its password;</li>
 *   <li>base64 of any longer text that contains the password at any byte position (an echo of
 *       the decoded PLAIN string re-encoded with a prefix, for instance): for each of the three
 *       alignments, the base64 characters that depend only on the password's bytes.</li>
 * </ul>
 * Longer forms are replaced first, so a blob is masked whole rather than around its middle.
 * Thread-safe.
 */
final class SecretMask {
    static final String MASK = "******";
    /** Shorter alignment-independent fragments would mask unrelated base64 text by chance. */
    private static final int MIN_FRAGMENT = 4;

    private final Set<String> forms = new LinkedHashSet<>();
    private volatile List<String> longestFirst = List.of();

    /** Registers the login of a relay: the secret in all its forms, and the user name's base64 (AUTH LOGIN). */
    synchronized void add(String username, String secret) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        String user = username == null ? "" : username;
        forms.add(secret);
        forms.add(b64(secret));
        forms.add(b64("\0" + user + "\0" + secret));
        forms.add(b64(user + "\0" + user + "\0" + secret));
        if (!user.isEmpty()) {
            forms.add(b64(user));
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            String fragment = alignedFragment(bytes, offset);
            if (fragment.length() >= MIN_FRAGMENT) {
                forms.add(fragment);
            }
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        longestFirst = List.copyOf(sorted);
    }

    /** {@code text} with every registered form replaced by {@link #MASK}; null stays null. */
    String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String clean = text;
        for (String form : longestFirst) {
            clean = clean.replace(form, MASK);
        }
        return clean;
    }

    /**
     * The base64 characters that encode only {@code secret}'s bits when it starts {@code offset}
     * bytes (0-2) into a longer text: they appear in the base64 of any text holding the secret at
     * a position congruent to {@code offset} modulo 3, whatever surrounds it.
     */
    static String alignedFragment(byte[] secret, int offset) {
        byte[] padded = new byte[offset + secret.length];
        System.arraycopy(secret, 0, padded, offset, secret.length);
        String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
        int first = (offset * 8 + 5) / 6;                     // first character with no bit of the prefix
        int end = ((offset + secret.length) * 8) / 6;        // characters made of the secret's bits only
        return first >= end ? "" : encoded.substring(first, Math.min(end, encoded.length()));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
