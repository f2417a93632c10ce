package io.smarthost.panel.host.ini;

import io.smarthost.panel.api.CliSuggest;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?": the closest name by edit distance ({@link CliSuggest#distance}: a swap of two neighbours counts as one edit). */
final class Suggestions {

    private Suggestions() {
    }

    /** The candidate nearest to {@code typed}, if it is near enough to be a typo (1 edit up to 4 letters, 2 up to 8, else 3). */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        String a = typed.toLowerCase(Locale.ROOT);
        int allowed = a.length() <= 4 ? 1 : a.length() <= 8 ? 2 : 3;
        return candidates.stream()
                .filter(c -> CliSuggest.distance(a, c.toLowerCase(Locale.ROOT)) <= allowed)
                .min(Comparator.comparingInt((String c) -> CliSuggest.distance(a, c.toLowerCase(Locale.ROOT))).thenComparing(c -> c));
    }
}
