package io.smarthost.core.validation;

import jakarta.validation.MessageInterpolator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.validator.messageinterpolation.HibernateMessageInterpolatorContext;

/**
 * Resolves {@code {key}} templates from the plugin's own {@code ValidationMessages} bundles, loaded
 * through the plugin's class loader, and fills {@code {name}} parameters from the constraint's
 * attributes and the validator's message parameters.
 *
 * <p>Why not Hibernate Validator's default interpolator: it needs an EL implementation, evaluates
 * {@code ${...}} (which could echo the validated value, e.g. a secret), and falls back to the JVM's
 * default locale before the base bundle, so a French server would answer an English user in French.
 */
final class BundleMessageInterpolator implements MessageInterpolator {
    static final String BUNDLE = "ValidationMessages";
    private static final Pattern KEY = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

    private final ClassLoader loader;

    BundleMessageInterpolator(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public String interpolate(String template, Context context) {
        return interpolate(template, context, Locale.ENGLISH);
    }

    @Override
    public String interpolate(String template, Context context, Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, loader,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String text = template;
        Matcher whole = KEY.matcher(template);
        if (whole.matches()) {
            try {
                text = bundle.getString(whole.group(1));
            } catch (MissingResourceException e) {
                text = whole.group(1);
            }
        }
        return fill(text, parameters(context));
    }

    private static Map<String, Object> parameters(Context context) {
        Map<String, Object> params = new HashMap<>(context.getConstraintDescriptor().getAttributes());
        if (context instanceof HibernateMessageInterpolatorContext hv) {
            params.putAll(hv.getMessageParameters());
        }
        return params;
    }

    private static String fill(String text, Map<String, Object> params) {
        Matcher m = KEY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = params.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
