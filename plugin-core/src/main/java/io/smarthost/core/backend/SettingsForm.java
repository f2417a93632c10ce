package io.smarthost.core.backend;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings a mail server backend needs besides the relays ({@link MailBackend#settingsForm()}), e.g.
 * SmarterMail's web service address and administrator login. The server page shows them to admins as a
 * card posting to {@code …/server/BACKEND_ID}; {@code panel bin smarthost --backend-login} (and
 * {@code --BACKEND_ID-login}) takes each field as an option, a secret one {@code NAME} as
 * {@code -NAME-stdin} read from standard input. Values go back to {@link MailBackend#saveSettings}.
 *
 * @param what   what the settings are, in English, for command-line messages ("SmarterMail login")
 * @param texts  the card's texts
 * @param fields in the order they are shown and asked for
 * @param stored whether the settings are stored already (a badge beside the secret fields says so)
 * @since 1.1
 */
public record SettingsForm(String what, Texts texts, List<Field> fields, boolean stored) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public SettingsForm {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(texts, "texts");
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("fields: a settings form has at least one field");
        }
    }

    /**
     * A text for people: the message {@code key} in the plugin's bundle (its translations), else {@code english}
     * as the backend wrote it. {@code {0}}, {@code {1}}... are filled with arguments.
     */
    public record Text(String key, String english) {
        public Text {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(english, "english");
        }

        /** The English text with {@code {0}}, {@code {1}}... replaced by {@code args}. */
        public String format(Object... args) {
            String out = english;
            for (int i = 0; i < args.length; i++) {
                out = out.replace("{" + i + "}", String.valueOf(args[i]));
            }
            return out;
        }
    }

    /**
     * The card's texts.
     *
     * @param title  heading, e.g. "SmarterMail connection"
     * @param text   one paragraph under it
     * @param save   the button, e.g. "Save connection"
     * @param saved  shown after a save
     * @param failed shown when the mail server refused the settings or could not be reached; {0} is why
     * @param stored the badge shown beside secret fields while {@link SettingsForm#stored()}, e.g. "Login stored"
     */
    public record Texts(Text title, Text text, Text save, Text saved, Text failed, Text stored) {
        public Texts {
            List.of(title, text, save, saved, failed, stored).forEach(t -> Objects.requireNonNull(t, "text"));
        }
    }

    /**
     * One value the backend needs.
     *
     * @param name    form field and option name: lower-case letters, digits, hyphens ({@code url})
     * @param secret  a password or key: never shown, read from standard input on the command line, stored
     *                encrypted by the backend
     * @param label   the form's label
     * @param what    what the value is, in English, as messages name it ("SmarterMail's address")
     * @param example an example value (the form's placeholder, the command line's "e.g."), or empty
     * @param value   the current value shown in the form; always empty for a secret
     */
    public record Field(String name, boolean secret, Text label, String what, String example, String value) {
        public Field {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("name \"" + name + "\": lower-case letters, digits and hyphens");
            }
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(what, "what");
            example = example == null ? "" : example;
            value = secret || value == null ? "" : value;
        }

        public static Field text(String name, Text label, String what, String example, String value) {
            return new Field(name, false, label, what, example, value);
        }

        public static Field secret(String name, Text label, String what) {
            return new Field(name, true, label, what, "", "");
        }
    }
}
