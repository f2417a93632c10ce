package io.smarthost.ui;

import java.util.Set;

/**
 * The self-check's disagreement codes that have a label in the bundles ({@code smarthost.health.code.*}):
 * pages and the dashboard show the label in the reader's language; the backend's own words stay English.
 */
public final class HealthCodes {
    private static final Set<String> KNOWN = Set.of("main.cf", "master.cf", "map", "db", "interrupted", "unreadable",
            "generation", "node", "srs", "unsupported");

    private HealthCodes() {
    }

    /** {@code code} when it has a label, else {@code error} (the generic "the check failed"). */
    public static String labelled(String code) {
        return KNOWN.contains(code) ? code : "error";
    }

    /** The bundle key of {@code code}'s label. */
    public static String key(String code) {
        return "smarthost.health.code." + labelled(code);
    }
}
