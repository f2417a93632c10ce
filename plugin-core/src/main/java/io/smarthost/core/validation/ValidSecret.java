package io.smarthost.core.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A password or API key without CR, LF or NUL, at most 1024 characters; spaces and every other character are kept as typed. Blank passes: whether the field is required depends on other fields ({@link ConsistentRelay}). */
@Documented
@Constraint(validatedBy = ValidSecret.Validator.class)
// FIELD only: on a record component, METHOD too would validate the accessor as well and report twice.
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidSecret {
    String message() default "{smarthost.password.forbiddenCharacter}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports the precise rule that failed. */
    class Validator implements ConstraintValidator<ValidSecret, io.smarthost.panel.api.Secret> {
        @Override
        public boolean isValid(io.smarthost.panel.api.Secret value, ConstraintValidatorContext context) {
            return Violations.report(InputRules.secretProblem(value), context);
        }
    }
}
