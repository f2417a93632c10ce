package io.smarthost.core.spf;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Texts for people from this package's bundle {@code i18n/spf} (English, {@code spf_fr} French).
 * Arguments fill {@code {0}}, {@code {1}}... literally (no MessageFormat quoting rules, so French
 * apostrophes need no doubling). A missing key comes back as the key.
 *
 * @since 1.0
 */
public final class SpfText {

    private static final String BUNDLE = "i18n.spf";
    private final ResourceBundle bundle;

    private SpfText(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    public static SpfText forLocale(Locale locale) {
        // No fallback to the JVM's default locale: an unknown language gets English, not the server's language.
        return new SpfText(ResourceBundle.getBundle(BUNDLE, locale, SpfText.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    public static SpfText english() {
        return forLocale(Locale.ROOT);
    }

    public String get(String key, Object... args) {
        String text;
        try {
            text = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    public String problem(SpfProblem problem) {
        return get(problem.messageKey(), problem.args().toArray());
    }

    public String state(SpfState state) {
        return get("spf.state." + state.name());
    }

    public String action(SpfAction action) {
        return get("spf.action." + action.name());
    }

    public String result(ApplyOutcome.Result result) {
        return get("spf.result." + result.name());
    }
}
