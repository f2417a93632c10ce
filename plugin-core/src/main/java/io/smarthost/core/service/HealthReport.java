package io.smarthost.core.service;

import io.smarthost.core.backend.Verification.Disagreement;
import java.time.Instant;
import java.util.List;

/**
 * One self-check: the store, and everything the mail server reads, compared.
 *
 * @param backend           the backend compared (display name), empty without one
 * @param generation        the store's desired generation
 * @param appliedGeneration the generation the mail server was last brought to
 * @param checked           what was compared (files, indexes)
 * @param disagreements     every difference; empty when store and mail server agree
 * @param supported         whether the backend could compare at all
 * @param at                when the check ran
 * @param tookMillis        how long it took
 */
public record HealthReport(String backend, long generation, long appliedGeneration, List<String> checked,
                           List<Disagreement> disagreements, boolean supported, Instant at, long tookMillis) {
    public HealthReport {
        checked = List.copyOf(checked);
        disagreements = List.copyOf(disagreements);
    }

    /** Whether the store and the mail server agree in every place compared. */
    public boolean agrees() {
        return supported && disagreements.isEmpty();
    }
}
