package io.smarthost.core.service;

import java.time.Instant;
import java.util.Objects;

/**
 * The last connection check of one scope, for the list page.
 *
 * @param time    when it ran
 * @param ok      whether every step passed
 * @param summary one line for people (no secrets: the check never prints them)
 */
public record CheckRecord(Instant time, boolean ok, String summary) {
    public static final int MAX_SUMMARY = 2000;

    public CheckRecord {
        Objects.requireNonNull(time, "time");
        summary = summary == null ? "" : summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary;
    }
}
