package io.smarthost.core.service;

import io.smarthost.core.backend.Inspection;

/**
 * The mail server has a relay configured by hand that this change would replace; call again with
 * {@link Confirm#TAKE_OVER_MANUAL} after showing {@link #inspection()} (and a preview) to the admin.
 */
public class ConfirmationRequiredException extends RuntimeException {
    private final transient Inspection inspection;

    public ConfirmationRequiredException(String backendName, Inspection inspection) {
        super(backendName + " has a relay configured by hand; enabling the smarthost replaces it."
                + " Review the preview and confirm the take-over.");
        this.inspection = inspection;
    }

    public Inspection inspection() {
        return inspection;
    }
}
