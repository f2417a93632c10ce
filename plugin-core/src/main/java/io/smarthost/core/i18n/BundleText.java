package io.smarthost.core.i18n;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Texts for people from one properties bundle. Arguments fill {@code {0}}, {@code {1}}... literally
 * (no MessageFormat quoting rules, so French apostrophes need no doubling). A missing key comes back
 * as the key. A feature's own texts class wraps one of these and names its keys.
 *
 * @since 1.3
 */
public final class BundleText {
    private final ResourceBundle bundle;

    private BundleText(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /**
     * The bundle {@code baseName} for {@code locale}, loaded by {@code owner}'s class loader. No fallback
     * to the JVM's default locale: an unknown language gets the base bundle (English), not the server's language.
     */
    public static BundleText load(String baseName, Locale locale, Class<?> owner) {
        return new BundleText(ResourceBundle.getBundle(baseName, locale, owner.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
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
}
