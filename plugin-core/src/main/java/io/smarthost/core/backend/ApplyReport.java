package io.smarthost.core.backend;

import java.time.Duration;
import java.util.List;

/**
 * What an apply did.
 *
 * @param changed  whether anything on the mail server changed
 * @param steps    what was done, in order (no secrets)
 * @param warnings things the admin should know (no secrets)
 * @param took     how long it took
 */
public record ApplyReport(boolean changed, List<String> steps, List<String> warnings, Duration took) {
    public ApplyReport {
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
    }
}
