package io.smarthost.core.validation;

import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.relay.Scope;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.HibernateValidatorFactory;

/**
 * The one entry point that checks relay input, for forms, the REST API and the CLI alike. Built on
 * Hibernate Validator with the constraints on {@link RelayInput}; messages come from the plugin's
 * {@code ValidationMessages} bundles (English, French) through the plugin's class loader.
 *
 * <p>Thread-safe; building one costs a few hundred milliseconds, so keep it ({@link #shared()}).
 */
public final class RelayValidator implements AutoCloseable {

    /** Field names in the order a form shows them; errors come back in this order. */
    public static final List<String> FIELDS = List.of("enabled", "host", "port", "encryption", "verifyCertificate",
            "authentication", "username", "password", "provider",
            "backupHost", "backupPort", "backupLogin", "backupUsername", "backupPassword");

    private static volatile RelayValidator shared;

    private final ValidatorFactory factory;
    private final BundleMessageInterpolator interpolator;

    /** @param pluginClassLoader the class loader that sees {@code ValidationMessages*.properties} */
    public RelayValidator(ClassLoader pluginClassLoader) {
        this.interpolator = new BundleMessageInterpolator(pluginClassLoader);
        this.factory = Validation.byProvider(HibernateValidator.class).configure()
                .externalClassLoader(pluginClassLoader)
                .messageInterpolator(interpolator)
                .buildValidatorFactory();
    }

    /** One validator for this plugin, built on first use with the plugin's class loader. */
    public static RelayValidator shared() {
        RelayValidator v = shared;
        if (v == null) {
            synchronized (RelayValidator.class) {
                if (shared == null) {
                    shared = new RelayValidator(RelayValidator.class.getClassLoader());
                }
                v = shared;
            }
        }
        return v;
    }

    /**
     * Checks {@code input} for {@code context}'s scope and backend.
     *
     * @return every problem, field by field in form order; empty when the input can be saved
     */
    public List<FieldError> validate(RelayInput input, RelayValidationContext context, Locale locale) {
        Validator validator = factory.unwrap(HibernateValidatorFactory.class).usingContext()
                .constraintValidatorPayload(context)
                .messageInterpolator(new FixedLocale(interpolator, locale == null ? Locale.ENGLISH : locale))
                .getValidator();
        return validator.validate(input).stream()
                .map(RelayValidator::toFieldError)
                .distinct()
                .sorted(Comparator.comparingInt((FieldError e) -> order(e.field())).thenComparing(FieldError::message))
                .toList();
    }

    /** Same, for a caller that knows the backend's name and capabilities but no stored secret. */
    public List<FieldError> validate(RelayInput input, Scope scope, String backendName, Capabilities capabilities,
                                     Locale locale) {
        return validate(input, new RelayValidationContext(scope, Optional.ofNullable(backendName), capabilities,
                false, "auto"), locale);
    }

    private static FieldError toFieldError(ConstraintViolation<RelayInput> v) {
        String path = v.getPropertyPath().toString();
        return new FieldError(path.isEmpty() ? "enabled" : path, v.getMessage());
    }

    private static int order(String field) {
        int i = FIELDS.indexOf(field);
        return i < 0 ? FIELDS.size() : i;
    }

    @Override
    public void close() {
        factory.close();
    }

    /** Makes every message of one validation come out in the caller's language. */
    private record FixedLocale(BundleMessageInterpolator delegate, Locale locale)
            implements jakarta.validation.MessageInterpolator {
        @Override
        public String interpolate(String template, Context context) {
            return delegate.interpolate(template, context, locale);
        }

        @Override
        public String interpolate(String template, Context context, Locale ignored) {
            return delegate.interpolate(template, context, locale);
        }
    }
}
