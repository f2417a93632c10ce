package io.smarthost.panel.host.ini;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?": the closest name by edit distance (a swap of two neighbours counts as one edit). */
final class Suggestions {

    private Suggestions() {
    }

    /** The candidate nearest to {@code typed}, if it is near enough to be a typo (1 edit up to 4 letters, 2 up to 8, else 3). */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        String a = typed.toLowerCase(Locale.ROOT);
        int allowed = a.length() <= 4 ? 1 : a.length() <= 8 ? 2 : 3;
        return candidates.stream()
                .filter(c -> distance(a, c.toLowerCase(Locale.ROOT)) <= allowed)
                .min(Comparator.comparingInt((String c) -> distance(a, c.toLowerCase(Locale.ROOT))).thenComparing(c -> c));
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
