package io.smarthost.core.service;

/**
 * The admin's answer to "a relay configured by hand was found; it will be replaced".
 * The UI shows {@link SmarthostService#inspect()} and {@link SmarthostService#preview} first.
 */
public enum Confirm {
    /** No confirmation given: a change that would take over a manual relay is refused. */
    NONE,
    /** Replace the managed settings written by hand (other lines stay as they are). */
    TAKE_OVER_MANUAL
}
