package io.smarthost.core.service;

import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The per-sender relays' messages from the plugin's {@code ValidationMessages} bundles, in the reader's
 * language ({@code {name}} parameters filled), without falling back to the JVM's locale.
 */
final class SenderTexts {
    private SenderTexts() {
    }

    static String text(Locale locale, String key, Map<String, String> params) {
        String text;
        try {
            text = ResourceBundle.getBundle("ValidationMessages", locale, SenderTexts.class.getClassLoader(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key);
        } catch (MissingResourceException e) {
            text = key;
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            text = text.replace("{" + p.getKey() + "}", p.getValue());
        }
        return text;
    }
}
