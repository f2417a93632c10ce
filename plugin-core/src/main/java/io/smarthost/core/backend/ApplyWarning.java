package io.smarthost.core.backend;

import io.smarthost.core.i18n.BundleText;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A warning of an apply, told in the reader's language: a key of its backend's bundle (English in the base file,
 * French in {@code _fr}) and the values that fill {@code {0}}, {@code {1}}... The REST API, the CLI and the log use
 * {@link #text()} (English, stable for scripts); the pages use {@link #text(Locale)}. The values are told as they
 * are: paths, names, ids, and a program's or a server's own words.
 *
 * @param owner  a class of the backend whose class loader holds the bundle
 * @param bundle the bundle's base name, e.g. {@code i18n/postfix-apply}
 * @param key    the text's key in it
 * @param args   the values, in order
 * @since 1.3
 */
public record ApplyWarning(Class<?> owner, String bundle, String key, List<String> args) {
    public ApplyWarning {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(key, "key");
        args = List.copyOf(args);
    }

    /** A warning of {@code owner}'s bundle; each value is told with {@link String#valueOf(Object)}. */
    public static ApplyWarning of(Class<?> owner, String bundle, String key, Object... args) {
        return new ApplyWarning(owner, bundle, key, Arrays.stream(args).map(String::valueOf).toList());
    }

    /** In English. */
    public String text() {
        return text(Locale.ENGLISH);
    }

    /** In {@code locale}'s language where the bundle has it, else English. */
    public String text(Locale locale) {
        return BundleText.load(bundle, locale == null ? Locale.ENGLISH : locale, owner).get(key, args.toArray());
    }

    @Override
    public String toString() {
        return text();
    }
}
