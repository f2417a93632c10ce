package io.smarthost.core.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A column the Smarthosts list can be sorted by. {@link #DOMAIN} pages straight from the store by
 * key; the others stream the domain rows once (see {@link SmarthostService#list(String, ListOrder,
 * boolean, int, int)}).
 */
public enum ListOrder {
    /** Domain name (ASCII key order). */
    DOMAIN("domain"),
    /** Relay host as people read it (Unicode), then port; rows without a relay last. */
    RELAY("relay"),
    /** Encryption in the order STARTTLS, TLS, none. */
    ENCRYPTION("encryption"),
    /** Login name, case-insensitive; rows without authentication last. */
    USERNAME("user"),
    /** Time of the last connection check; never-checked rows last. */
    LAST_CHECK("checked");

    private final String id;

    ListOrder(String id) {
        this.id = id;
    }

    /** The id used in URLs ({@code sort=relay}). */
    public String id() {
        return id;
    }

    /** The order named {@code id}; empty for an unknown or missing id. */
    public static Optional<ListOrder> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(o -> o.id.equals(wanted)).findFirst();
    }
}
