package io.smarthost.ui.web;

import io.smarthost.core.provider.Provider;
import io.smarthost.panel.api.services.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The English texts that the pages get from the provider catalogue ({@code providers.json}) and from
 * the backends' {@code Capabilities.notes()}, in the page's language through the plugin's own bundle.
 *
 * <p>Providers: {@code smarthost.provider.ID.name} and {@code smarthost.provider.ID.hint}, present only
 * where a language has a translation; otherwise the catalogue's text. Backend notes have no id: the
 * English bundle holds each known note under {@code smarthost.backendNote.*} as a pattern ({@code {0}}
 * stands for a value such as a file path); a note that matches one is shown through that key in the
 * page's language, with the values put back. A note that matches none (a new backend, a changed text)
 * is shown as the backend wrote it, so nothing is lost while a translation is missing.
 */
final class CatalogTexts {
    static final String NOTE_PREFIX = "smarthost.backendNote.";
    private static final Map<String, Pattern> NOTE_PATTERNS = notePatterns();

    private final Messages messages;
    private final Locale locale;

    CatalogTexts(Messages messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    String providerName(Provider p) {
        return text("smarthost.provider." + p.id() + ".name").orElse(p.name());
    }

    String providerHint(Provider p) {
        return text("smarthost.provider." + p.id() + ".hint").orElse(p.usernameHint());
    }

    /** A backend's note in the page's language, or as written when it is not a known one. */
    String note(String english) {
        for (Map.Entry<String, Pattern> known : NOTE_PATTERNS.entrySet()) {
            Matcher m = known.getValue().matcher(english);
            if (m.matches()) {
                Object[] values = new Object[m.groupCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = m.group(i + 1);
                }
                return messages.get(locale, known.getKey(), values);
            }
        }
        return english;
    }

    List<String> notes(List<String> english) {
        return english.stream().map(this::note).toList();
    }

    /** Whether {@code english} is one of the notes the bundle knows (tests use it to catch a changed text). */
    static boolean knownNote(String english) {
        return NOTE_PATTERNS.values().stream().anyMatch(p -> p.matcher(english).matches());
    }

    private Optional<String> text(String key) {
        String value = messages.get(locale, key);
        return value.equals(key) ? Optional.empty() : Optional.of(value);
    }

    /** The English bundle's {@code smarthost.backendNote.*} texts as patterns: {0}, {1}... match any text. */
    private static Map<String, Pattern> notePatterns() {
        Properties english = new Properties();
        try (InputStream in = CatalogTexts.class.getClassLoader().getResourceAsStream("i18n/messages.properties")) {
            if (in == null) {
                throw new IllegalStateException("i18n/messages.properties missing from the plugin");
            }
            english.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Pattern> patterns = new TreeMap<>();
        for (String key : english.stringPropertyNames()) {
            if (key.startsWith(NOTE_PREFIX)) {
                patterns.put(key, pattern(english.getProperty(key)));
            }
        }
        return patterns;
    }

    private static Pattern pattern(String text) {
        List<String> parts = new ArrayList<>();
        Matcher placeholder = Pattern.compile("\\{\\d+}").matcher(text);
        int start = 0;
        while (placeholder.find()) {
            parts.add(Pattern.quote(text.substring(start, placeholder.start())));
            parts.add("(.+?)");
            start = placeholder.end();
        }
        parts.add(Pattern.quote(text.substring(start)));
        return Pattern.compile(String.join("", parts), Pattern.DOTALL);
    }
}
