package io.smarthost.core.check;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The check's own texts, {@code i18n/check.properties} (English) and {@code i18n/check_fr.properties}.
 * Every text goes through {@link MessageFormat}, so a literal apostrophe is written {@code ''}.
 */
final class CheckTexts {
    static final String BUNDLE = "i18n/check";

    private final ResourceBundle bundle;
    private final Locale locale;

    CheckTexts(Locale locale) {
        this.locale = locale == null ? Locale.ENGLISH : locale;
        // No fallback to the JVM's default locale: an unknown language gets English, not whatever the server runs in.
        this.bundle = ResourceBundle.getBundle(BUNDLE, this.locale, CheckTexts.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        // Numbers as plain digits: a port is "2525", never "2,525" or "2 525".
        Object[] plain = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            plain[i] = args[i] instanceof Number n ? String.valueOf(n) : args[i];
        }
        return new MessageFormat(pattern, locale).format(plain);
    }

    boolean has(String key) {
        return bundle.containsKey(key);
    }

    Locale locale() {
        return locale;
    }
}
