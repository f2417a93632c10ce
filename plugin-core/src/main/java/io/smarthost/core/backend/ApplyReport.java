package io.smarthost.core.backend;

import java.time.Duration;
import java.util.List;

/**
 * What an apply did.
 *
 * @param changed  whether anything on the mail server changed
 * @param steps    what was done, in order (no secrets)
 * @param warnings things the admin should know (no secrets), in the reader's language ({@link ApplyWarning})
 * @param took     how long it took
 */
public record ApplyReport(boolean changed, List<String> steps, List<ApplyWarning> warnings, Duration took) {
    public ApplyReport {
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
    }

    /**
     * The warnings in English (REST, CLI, log).
     *
     * @since 1.3
     */
    public List<String> warningTexts() {
        return warnings.stream().map(ApplyWarning::text).toList();
    }

    /**
     * This apply, then {@code next}: changed when either changed, their steps and warnings in order, both times.
     *
     * @since 1.4
     */
    public ApplyReport then(ApplyReport next) {
        List<String> allSteps = new java.util.ArrayList<>(steps);
        allSteps.addAll(next.steps());
        List<ApplyWarning> allWarnings = new java.util.ArrayList<>(warnings);
        allWarnings.addAll(next.warnings());
        return new ApplyReport(changed || next.changed(), allSteps, allWarnings, took.plus(next.took()));
    }
}
