package io.smarthost.ui;

import java.util.Set;

/**
 * The self-check's disagreement codes that have a label in the bundles ({@code smarthost.health.code.*}):
 * pages and the dashboard show the label in the reader's language; the backend's own words stay English.
 */
public final class HealthCodes {
    private static final Set<String> KNOWN = Set.of("main.cf", "master.cf", "map", "db", "interrupted", "unreadable",
            "generation", "node", "srs", "unsupported");
    /** Codes whose place is the store itself ({@code panel store}) or none. */
    private static final Set<String> NO_PLACE = Set.of("interrupted", "generation", "unsupported");

    private HealthCodes() {
    }

    /** Every code with a label. */
    static Set<String> known() {
        return KNOWN;
    }

    /** {@code code} when it has a label, else {@code error} (the generic "the check failed"). */
    public static String labelled(String code) {
        return KNOWN.contains(code) ? code : "error";
    }

    /**
     * Whether a difference's place is a name that reads the same in any language (a file, a map key, a node):
     * the store's own differences ({@code interrupted}, {@code generation}) say {@code panel store}, English words.
     */
    public static boolean placeIsAName(String code) {
        return KNOWN.contains(code) && !NO_PLACE.contains(code);
    }

    /** The bundle key of {@code code}'s label. */
    public static String key(String code) {
        return "smarthost.health.code." + labelled(code);
    }
}
