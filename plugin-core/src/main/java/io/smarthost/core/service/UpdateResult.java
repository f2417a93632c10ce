package io.smarthost.core.service;

import io.smarthost.core.backend.ApplyReport;
import java.util.List;

/**
 * What a change did.
 *
 * @param scopes          {@code server} and/or the ASCII names of the domains changed
 * @param report          what the backend did (steps, warnings); no secrets
 * @param settingsChanged whether the stored settings changed. False when the change asked for what was stored
 *                        already (the same values, a blank password keeping the stored one) or removed what was not
 *                        there: then nothing was written, and nothing applied or logged either, unless the mail
 *                        server had to be brought back in line with the store ({@code report.changed()} says whether
 *                        it was). Since 1.4
 */
public record UpdateResult(List<String> scopes, ApplyReport report, boolean settingsChanged) {
    public UpdateResult {
        scopes = List.copyOf(scopes);
    }

    /**
     * Whether the change changed nothing at all: neither the stored settings nor the mail server (an "already so"
     * answer, not "saved").
     *
     * @since 1.4
     */
    public boolean nothingChanged() {
        return !settingsChanged && !report.changed();
    }
}
