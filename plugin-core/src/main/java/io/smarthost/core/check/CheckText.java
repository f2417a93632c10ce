package io.smarthost.core.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One sentence of a check's report as a code (a key of the check's texts, {@code i18n/check}) and
 * the values to fill in, so that a report kept for later is shown in the reader's language, not in
 * the language of whoever ran the check. A value is plain text (a host, a reply as the relay sent it,
 * masked) or a nested text (what a reply code means).
 *
 * <p>JSON form: {@code {"key":"auth.failed","args":["535 5.7.8 denied",{"key":"reply.535","args":[]}]}}.
 *
 * @param key  the text's code, e.g. {@code cert.mailServerRefuses}
 * @param args the values: {@link String} or {@link CheckText}; numbers are kept as their digits
 * @since 1.1
 */
public record CheckText(String key, List<Object> args) {

    public CheckText {
        Objects.requireNonNull(key, "key");
        List<Object> checked = new ArrayList<>();
        for (Object a : args == null ? List.of() : args) {
            checked.add(a instanceof CheckText || a instanceof String ? a : String.valueOf(a));
        }
        args = List.copyOf(checked);
    }

    public static CheckText of(String key, Object... args) {
        return new CheckText(key, List.of(args));
    }

    /** This text in {@code locale} (English unless French is asked). */
    public String render(Locale locale) {
        return render(new CheckTexts(locale));
    }

    /** Several sentences in {@code locale}, separated by a space. */
    public static String render(List<CheckText> texts, Locale locale) {
        CheckTexts bundle = new CheckTexts(locale);
        return texts.stream().map(t -> t.render(bundle)).collect(Collectors.joining(" "));
    }

    String render(CheckTexts texts) {
        Object[] values = args.stream().map(a -> a instanceof CheckText t ? t.render(texts) : a).toArray();
        return texts.get(key, values);
    }

    /** The same text with every plain value passed through {@code clean} (masking). */
    CheckText mapValues(UnaryOperator<String> clean) {
        return new CheckText(key, args.stream().map(a -> a instanceof CheckText t ? t.mapValues(clean)
                : clean.apply((String) a)).toList());
    }

    /**
     * A text read back from JSON without a Jackson module: {@code {"key":…,"args":[…]}} where each
     * value is a string or such an object again. Anything else becomes a plain string.
     */
    public static CheckText fromJson(Map<?, ?> json) {
        Object key = json.get("key");
        List<Object> values = new ArrayList<>();
        if (json.get("args") instanceof List<?> list) {
            for (Object a : list) {
                values.add(a instanceof Map<?, ?> nested ? fromJson(nested) : String.valueOf(a));
            }
        }
        return new CheckText(String.valueOf(key), values);
    }
}
