package io.smarthost.panel.api;

/**
 * A panel user's role. {@link #ADMIN} can do everything a {@link #CUSTOMER} can.
 *
 * @since 1.0
 */
public enum Role {
    /** Owns one or more domains and manages only those. */
    CUSTOMER,
    /** The server administrator. */
    ADMIN;

    /** Whether a user with this role may use something that requires {@code required}. */
    public boolean satisfies(Role required) {
        return this == ADMIN || this == required;
    }
}
