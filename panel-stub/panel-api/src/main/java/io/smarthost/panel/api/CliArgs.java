package io.smarthost.panel.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plesk-style command line: one command word with two dashes ({@code --update}, optionally
 * followed by a value: {@code --update-domain example.com}), then options with one dash
 * ({@code -host smtp.example.com}); an option followed by another option or by nothing is a flag
 * ({@code -json}). Booleans are {@code true|false}.
 *
 * <p>One rule for a value that is missing, for every utility: an empty value ({@code -port ''},
 * {@code --update-domain ''}) is refused when parsing; an option that takes a value but is followed
 * by another option or by nothing ({@code -host -port 25}) is refused by {@link #accept(Set, Set)}
 * before the command runs, and in any case by {@link #option(String)}; a flag given a value
 * ({@code -json yes}) likewise. Each refusal is a {@link CliUsageException} naming the option (exit
 * {@link #BAD_INPUT}).
 *
 * @since 1.0
 */
public record CliArgs(String command, Optional<String> commandValue, Map<String, String> options,
                      Set<String> flags) {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    public CliArgs {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        flags = Set.copyOf(flags);
    }

    /** @throws CliUsageException when no command is given, a word is not where it may be, or a value is empty */
    public static CliArgs parse(List<String> words) {
        if (words.isEmpty() || !words.get(0).startsWith("--")) {
            throw new CliUsageException("expected a command such as --help as the first word");
        }
        String command = words.get(0).substring(2);
        int joined = command.indexOf('=');
        if (joined >= 0) {
            // --migrate-to=jdbc:postgresql://u:secret@h/db: the value is not repeated
            throw new CliUsageException("--" + command.substring(0, joined) + "=...: give the value after a space, --"
                    + command.substring(0, joined) + " VALUE");
        }
        int i = 1;
        Optional<String> commandValue = Optional.empty();
        if (i < words.size() && !isOption(words.get(i))) {
            String value = words.get(i++);
            if (value.isBlank()) {
                throw new CliUsageException("--" + command + " is given an empty value; give one, e.g. --" + command
                        + " example.com");
            }
            commandValue = Optional.of(value);
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        while (i < words.size()) {
            String word = words.get(i++);
            if (!isOption(word) || word.startsWith("--")) {
                // the word is not repeated: a stray word may be a secret pasted on the line (-username apikey SG.xyz)
                throw new CliUsageException("unexpected " + (word.startsWith("--") ? "'" + upToEquals(word) + "'" : "word")
                        + " (word " + i + " of the command, " + after(words, i - 1) + "): options start with one dash"
                        + " and take their value after a space (-name value); a value with spaces goes in quotes");
            }
            String name = word.substring(1);
            int equals = name.indexOf('=');
            if (equals == 0) {
                throw new CliUsageException("'-=...' (word " + i + " of the command): an option's name is missing before the '='");
            }
            if (equals > 0) {
                // -password=secret: the value is not repeated (it may be a secret, and errors reach logs)
                throw new CliUsageException("option -" + name.substring(0, equals) + "=...: give the value after a space,"
                        + " -" + name.substring(0, equals) + " VALUE");
            }
            if (options.containsKey(name) || flags.contains(name)) {
                throw new CliUsageException("option -" + name + " is given twice");
            }
            if (i < words.size() && !isOption(words.get(i))) {
                String value = words.get(i++);
                if (value.isBlank()) {
                    // the same words for every option: "keep the current value" made no sense for -filter
                    throw new CliUsageException("option -" + name + " is given an empty value; give one, or leave the"
                            + " option out");
                }
                options.put(name, value);
            } else {
                flags.add(name);
            }
        }
        return new CliArgs(command, commandValue, options, Set.copyOf(flags));
    }

    /** {@code --name=value} as {@code --name=...}: names are shown, values never. */
    private static String upToEquals(String word) {
        int equals = word.indexOf('=');
        return equals < 0 ? word : word.substring(0, equals) + "=...";
    }

    /** Where the word at {@code index} is, by what comes before it, naming no value: {@code after the value of -host}. */
    private static String after(List<String> words, int index) {
        String before = words.get(index - 1);
        if (isOption(before)) {
            return "after " + before;
        }
        // the word before is a value: whose (the command's own, word 1, is an option-like word too)
        return index >= 2 && isOption(words.get(index - 2)) ? "after the value of " + words.get(index - 2) : "after a value";
    }

    private static boolean isOption(String word) {
        return word.startsWith("-") && word.length() > 1 && !Character.isDigit(word.charAt(1));
    }

    /**
     * The value of an option that takes one; empty when the option is absent.
     *
     * @throws CliUsageException when the option is given without a value
     */
    public Optional<String> option(String name) {
        if (flags.contains(name)) {
            throw missingValue(name);
        }
        return Optional.ofNullable(options.get(name));
    }

    /**
     * Whether a flag (an option that takes no value) is given.
     *
     * @throws CliUsageException when it is given a value
     */
    public boolean flag(String name) {
        if (options.containsKey(name)) {
            throw flagWithValue(name);
        }
        return flags.contains(name);
    }

    /** Whether the option or flag is given at all, with or without a value. */
    public boolean has(String name) {
        return options.containsKey(name) || flags.contains(name);
    }

    /** A {@code true|false} option; absent gives empty. */
    public Optional<Boolean> bool(String name) {
        return option(name).map(v -> switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            // the word is not repeated: a secret typed one option too far (-auth S3cret) would reach the screen and logs
            default -> throw new CliUsageException("-" + name + " must be true or false (the word given is neither; it is"
                    + " not repeated)");
        });
    }

    /** Refuses options and flags outside {@code allowed}, naming the first one. */
    public CliArgs allowOnly(Set<String> allowed) {
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw unknown(name, allowed);
            }
        }
        for (String name : flags) {
            if (!allowed.contains(name)) {
                throw unknown(name, allowed);
            }
        }
        return this;
    }

    /**
     * What a command accepts: {@code valued} options take a value, {@code flagNames} take none. Refuses,
     * naming it, an unknown option, an option of {@code valued} without its value and a flag with one.
     *
     * @since 1.1
     */
    public CliArgs accept(Set<String> valued, Set<String> flagNames) {
        // an option left without its value first: its value may have begun with a dash (-username -xyz) and been
        // read as an option, which is not named (it may be a secret)
        for (String name : flags) {
            if (valued.contains(name)) {
                throw missingValue(name);
            }
        }
        Set<String> all = new HashSet<>(valued);
        all.addAll(flagNames);
        allowOnly(all);
        for (String name : options.keySet()) {
            if (flagNames.contains(name)) {
                throw flagWithValue(name);
            }
        }
        return this;
    }

    /**
     * For a command that takes no value ({@code --list}): refuses a word given after it ({@code --list büch} listed
     * everything, the word unread), by its place (never repeated) and saying that options start with one dash.
     *
     * @throws CliUsageException when the command was given a value
     * @since 1.4
     */
    public CliArgs takesNoValue() {
        if (commandValue.isPresent()) {
            // the word is not repeated: it may be a secret pasted on the line
            throw new CliUsageException("unexpected word (word 2 of the command): --" + command + " takes no value; options"
                    + " start with one dash, e.g. -" + options.keySet().stream().findFirst().orElse("json"));
        }
        return this;
    }

    /** Names the option, and the allowed one it was most likely meant to be ({@link CliSuggest}). */
    private CliUsageException unknown(String name, Set<String> allowed) {
        return new CliUsageException("unknown option -" + name + " for --" + command + CliSuggest.didYouMean(name, allowed, "-"));
    }

    private static CliUsageException missingValue(String name) {
        return new CliUsageException("option -" + name + " needs a value (it is followed by another option or by "
                + "nothing), e.g. -" + name + " VALUE");
    }

    /** The value is not repeated: the word after a flag may be a secret (-password-stdin s3cret). */
    private CliUsageException flagWithValue(String name) {
        return new CliUsageException("option -" + name + " takes no value: take out the word after it");
    }
}
