package io.smarthost.panel.host.services;

import io.smarthost.panel.api.services.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Messages from a chain of bundles: the plugin's {@code i18n/messages} through its own class loader,
 * then the host's {@code panel-i18n/messages}. Bundles are UTF-8 properties; {@code {0}}, {@code {1}}...
 * are replaced literally (no MessageFormat quoting rules, so French apostrophes need no doubling).
 */
public final class BundleMessages implements Messages {

    public static final String HOST_BUNDLE = "panel-i18n/messages";
    private static final ResourceBundle.Control CONTROL = ResourceBundle.Control.getNoFallbackControl(
            ResourceBundle.Control.FORMAT_PROPERTIES);

    private record Source(String baseName, ClassLoader loader) {
    }

    private final List<Source> sources;

    private BundleMessages(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    public static BundleMessages host() {
        return new BundleMessages(List.of(new Source(HOST_BUNDLE, BundleMessages.class.getClassLoader())));
    }

    public static BundleMessages forPlugin(ClassLoader pluginLoader) {
        List<Source> chain = new ArrayList<>();
        chain.add(new Source("i18n/messages", pluginLoader));
        chain.add(new Source(HOST_BUNDLE, BundleMessages.class.getClassLoader()));
        return new BundleMessages(chain);
    }

    @Override
    public String get(Locale locale, String key, Object... args) {
        Locale wanted = locale == null ? Locale.ENGLISH : locale;
        for (Source source : sources) {
            ResourceBundle bundle = bundle(source, wanted);
            if (bundle != null && bundle.containsKey(key)) {
                return fill(bundle.getString(key), args);
            }
        }
        return key;
    }

    private static ResourceBundle bundle(Source source, Locale locale) {
        try {
            return ResourceBundle.getBundle(source.baseName, locale, source.loader, CONTROL);
        } catch (MissingResourceException e) {
            return null;
        }
    }

    static String fill(String text, Object... args) {
        if (args == null || args.length == 0) {
            return text;
        }
        String out = text;
        for (int i = 0; i < args.length; i++) {
            out = out.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return out;
    }
}
