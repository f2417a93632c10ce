package io.smarthost.core.i18n;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Texts for people from one properties bundle. Arguments fill {@code {0}}, {@code {1}}... literally
 * (no MessageFormat quoting rules, so French apostrophes need no doubling). A missing key comes back
 * as the key. A feature's own texts class wraps one of these and names its keys.
 *
 * @since 1.3
 */
public final class BundleText {
    private static final Pattern PLACE = Pattern.compile("\\{(\\d{1,2})\\}");

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
        return fill(text, args);
    }

    /** {@code {0}}, {@code {1}}... filled in one pass: a value that itself holds {@code {1}} is told as it is. */
    static String fill(String text, Object... args) {
        Matcher m = PLACE.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 32);
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(i < args.length ? String.valueOf(args[i]) : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
