package io.smarthost.core.service;

/**
 * Where long work stands, for a progress bar or a job resource: called on the working thread, after
 * each batch of {@code done} of {@code total} domains of a phase ({@code store}: the settings written;
 * {@code apply}: the mail server being written, done when it returns).
 *
 * @since 1.2
 */
@FunctionalInterface
public interface Progress {
    /** Reports nothing. */
    Progress NONE = (phase, done, total) -> { };

    void report(String phase, long done, long total);
}
