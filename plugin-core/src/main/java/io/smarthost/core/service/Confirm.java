package io.smarthost.core.service;

/**
 * The admin's answer to "settings written by hand were found (a relay set up by hand, or managed settings
 * changed by hand since the panel last wrote them); this change replaces them". Good for one change:
 * a later hand edit is asked about again. The UI shows {@link SmarthostService#inspect()} and
 * {@link SmarthostService#preview} first.
 */
public enum Confirm {
    /** No confirmation given: a change that would write over settings written by hand is refused. */
    NONE,
    /** Replace the managed settings written by hand (other lines stay as they are). */
    TAKE_OVER_MANUAL
}
