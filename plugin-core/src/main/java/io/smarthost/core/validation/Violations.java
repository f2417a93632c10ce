package io.smarthost.core.validation;

import jakarta.validation.ConstraintValidatorContext;
import java.util.Optional;

/** Turns a rule's message key into the violation reported for the annotated field. */
final class Violations {
    private Violations() {
    }

    static boolean report(Optional<String> messageKey, ConstraintValidatorContext context) {
        if (messageKey.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate("{" + messageKey.get() + "}").addConstraintViolation();
        return false;
    }

    /** A violation of a class-level rule, reported on {@code field}. */
    static void onField(ConstraintValidatorContext context, String field, String messageKey) {
        context.buildConstraintViolationWithTemplate("{" + messageKey + "}").addPropertyNode(field)
                .addConstraintViolation();
    }
}
