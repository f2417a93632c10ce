package io.smarthost.panel.api.services;

import java.util.Locale;

/**
 * Localised texts: the plugin's {@code i18n/messages} bundle (English default,
 * {@code messages_fr.properties} for French), then the host's. Arguments fill {@code {0}}, {@code {1}}...
 * A missing key comes back as the key itself.
 *
 * @since 1.0
 */
public interface Messages {
    String get(Locale locale, String key, Object... args);
}
