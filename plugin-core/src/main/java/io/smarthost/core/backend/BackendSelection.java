package io.smarthost.core.backend;

import java.util.Optional;

/**
 * The outcome of {@link BackendSelector#select}.
 *
 * @param backend the backend to use, empty when none fits
 * @param setting the {@code panel.ini} value that was applied ({@code auto} when unset)
 * @param problem why none was chosen (English, for logs and the inspection page); empty when one was
 */
public record BackendSelection(Optional<MailBackend> backend, String setting, Optional<String> problem) {
    public BackendSelection {
        backend = backend == null ? Optional.empty() : backend;
        problem = problem == null ? Optional.empty() : problem;
    }
}
