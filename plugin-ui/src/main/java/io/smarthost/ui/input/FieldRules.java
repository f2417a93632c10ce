package io.smarthost.ui.input;

import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What a relay field's raw value may be, one set of rules for the HTML form and the REST body (the form sends
 * text, REST sends JSON, so each says how its value looks; the allowed values and the refusals are the same).
 * Values are passed on as sent: nothing is trimmed or cleaned here, so {@code port="25\n"} reaches the
 * validator, which refuses a control character in any channel (it strips spaces itself).
 */
public final class FieldRules {

    /** Why a raw value was refused: a message key of the plugin's bundles and its English text (the REST API's language). */
    public enum Problem {
        BOOLEAN("smarthost.input.boolean", "must be true or false"),
        TEXT("smarthost.input.text", "must be text"),
        PORT_NUMBER("smarthost.input.portNumber", "must be a whole number from 1 to 65535, e.g. 587 (a JSON number, or its"
                + " digits as text; not a fraction, true/false, a list or an object)");

        public final String key;
        public final String english;

        Problem(String key, String english) {
            this.key = key;
            this.english = english;
        }
    }

    private FieldRules() {
    }

    /**
     * A whole number written in ASCII digits ({@code Integer.parseInt} also takes {@code +5} and full-width digits,
     * {@code ５０}): empty for anything else or a number past {@code int}. For paging, in REST and the CLI alike.
     */
    public static java.util.OptionalInt wholeNumber(String text) {
        if (text == null || !text.matches("[0-9]{1,10}")) {
            return java.util.OptionalInt.empty();
        }
        long n = Long.parseLong(text);
        return n > Integer.MAX_VALUE ? java.util.OptionalInt.empty() : java.util.OptionalInt.of((int) n);
    }

    /**
     * A yes/no field. REST: a JSON boolean ({@link Boolean}); the form: the text of a ticked box ({@code on},
     * {@code true}) or {@code false}/{@code off}. Anything else ({@code maybe}, a number, {@code "yes"} in JSON)
     * is refused. Empty when absent.
     */
    public static Optional<Boolean> bool(String field, Object raw, BiConsumer<String, Problem> refuse) {
        if (raw == null) {
            return Optional.empty();
        }
        if (raw instanceof Boolean b) {
            return Optional.of(b);
        }
        if (raw instanceof FormText text) {
            switch (text.value()) {
                case "on", "true" -> {
                    return Optional.of(true);
                }
                case "off", "false" -> {
                    return Optional.of(false);
                }
                default -> {
                }
            }
        }
        refuse.accept(field, Problem.BOOLEAN);
        return Optional.empty();
    }

    /**
     * A text field, exactly as sent (null when absent). {@code number} says whether a JSON integer stands for its
     * text ({@code port}); the form's text always is text.
     */
    public static String text(String field, Object raw, boolean number, BiConsumer<String, Problem> refuse) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof FormText text) {
            return text.value();
        }
        if (raw instanceof String s) {
            return s;
        }
        if (number && raw instanceof java.math.BigInteger n) {
            return n.toString();
        }
        refuse.accept(field, number ? Problem.PORT_NUMBER : Problem.TEXT);
        return null;
    }

    /** A value as an HTML form sent it (every form value is text; a JSON string is a {@link String}). */
    public record FormText(String value) {
        public static FormText of(String value) {
            return value == null ? null : new FormText(value);
        }
    }
}
