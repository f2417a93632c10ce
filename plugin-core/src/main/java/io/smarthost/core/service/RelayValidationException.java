package io.smarthost.core.service;

import io.smarthost.core.validation.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** Input refused; nothing was changed. Messages name the field and what is allowed, never a secret. */
public class RelayValidationException extends RuntimeException {
    private final transient List<FieldError> errors;

    public RelayValidationException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
