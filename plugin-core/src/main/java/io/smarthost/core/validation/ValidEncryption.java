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

/** One of {@code starttls}, {@code tls}, {@code none}. Blank passes: whether the field is required depends on other fields ({@link ConsistentRelay}). */
@Documented
@Constraint(validatedBy = ValidEncryption.Validator.class)
// FIELD only: on a record component, METHOD too would validate the accessor as well and report twice.
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidEncryption {
    String message() default "{smarthost.encryption.invalid}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports the precise rule that failed. */
    class Validator implements ConstraintValidator<ValidEncryption, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Violations.report(InputRules.encryptionProblem(value), context);
        }
    }
}
