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

/** A TCP port, 1-65535. Blank passes: whether the field is required depends on other fields ({@link ConsistentRelay}). */
@Documented
@Constraint(validatedBy = ValidPort.Validator.class)
// FIELD only: on a record component, METHOD too would validate the accessor as well and report twice.
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidPort {
    String message() default "{smarthost.port.range}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports the precise rule that failed. */
    class Validator implements ConstraintValidator<ValidPort, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Violations.report(InputRules.portProblem(value), context);
        }
    }
}
