package io.smarthost.core.validation;

import java.util.Objects;

/**
 * One problem with one input field, for forms, the REST API and the CLI alike.
 *
 * @param field   the field name the forms, API and CLI use: {@code enabled}, {@code host}, {@code port},
 *                {@code encryption}, {@code verifyCertificate}, {@code authentication}, {@code username},
 *                {@code password}, {@code provider}
 * @param message what is wrong and what is allowed, in the caller's language; never the secret
 */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
