package io.smarthost.core.service;

import io.smarthost.core.backend.Drift;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.Preview;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The change would write over settings of the mail server that were written by hand: a relay set up
 * by hand, or managed settings changed by hand since the panel last wrote them. Call again with
 * {@link Confirm#TAKE_OVER_MANUAL} after showing {@link #inspection()} and {@link #preview()} (side by
 * side, with its {@link Preview#drift()}) to the admin. Asked again for every new hand edit.
 */
public class ConfirmationRequiredException extends RuntimeException {
    private final transient Inspection inspection;
    private final transient Preview preview;

    public ConfirmationRequiredException(String backendName, Inspection inspection) {
        super(backendName + " has a relay configured by hand; enabling the smarthost replaces it."
                + " Review the preview and confirm the take-over.");
        this.inspection = inspection;
        this.preview = null;
    }

    /** @param preview what the refused change would write, with the settings written by hand it replaces */
    public ConfirmationRequiredException(String backendName, Inspection inspection, Preview preview) {
        super(message(backendName, preview));
        this.inspection = inspection;
        this.preview = preview;
    }

    private static String message(String backendName, Preview preview) {
        if (preview.drift().isEmpty()) {
            return backendName + " has a relay configured by hand; enabling the smarthost replaces it."
                    + " Review the preview and confirm the take-over.";
        }
        return backendName + " settings were changed by hand since the panel last wrote them: "
                + preview.drift().stream().map(Drift::describe).collect(Collectors.joining("; "))
                + ". This change writes over them: review the preview and confirm the take-over.";
    }

    public Inspection inspection() {
        return inspection;
    }

    /** The preview of the refused change; empty when the caller did not compute one. */
    public Optional<Preview> preview() {
        return Optional.ofNullable(preview);
    }
}
