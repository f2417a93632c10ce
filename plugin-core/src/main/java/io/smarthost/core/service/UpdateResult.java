package io.smarthost.core.service;

import io.smarthost.core.backend.ApplyReport;
import java.util.List;

/**
 * What a change did.
 *
 * @param scopes  {@code server} and/or the ASCII names of the domains changed
 * @param report  what the backend did (steps, warnings); no secrets
 */
public record UpdateResult(List<String> scopes, ApplyReport report) {
    public UpdateResult {
        scopes = List.copyOf(scopes);
    }
}
