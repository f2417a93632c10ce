package io.smarthost.panel.api;

import java.util.ArrayList;
import java.util.Collections;
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

    /** @throws CliUsageException when no command is given, or a word is not where it may be */
    public static CliArgs parse(List<String> words) {
        if (words.isEmpty() || !words.get(0).startsWith("--")) {
            throw new CliUsageException("expected a command such as --help as the first word");
        }
        String command = words.get(0).substring(2);
        int i = 1;
        Optional<String> commandValue = Optional.empty();
        if (i < words.size() && !isOption(words.get(i))) {
            commandValue = Optional.of(words.get(i++));
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        while (i < words.size()) {
            String word = words.get(i++);
            if (!isOption(word) || word.startsWith("--")) {
                throw new CliUsageException("unexpected '" + word + "': options start with one dash, e.g. -host");
            }
            String name = word.substring(1);
            if (options.containsKey(name) || flags.contains(name)) {
                throw new CliUsageException("option -" + name + " is given twice");
            }
            if (i < words.size() && !isOption(words.get(i))) {
                options.put(name, words.get(i++));
            } else {
                flags.add(name);
            }
        }
        return new CliArgs(command, commandValue, options, Set.copyOf(flags));
    }

    private static boolean isOption(String word) {
        return word.startsWith("-") && word.length() > 1 && !Character.isDigit(word.charAt(1));
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** A {@code true|false} option; absent gives empty. */
    public Optional<Boolean> bool(String name) {
        return option(name).map(v -> switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new CliUsageException("-" + name + " must be true or false, not '" + v + "'");
        });
    }

    /** Refuses options and flags outside {@code allowed}, naming the first one. */
    public CliArgs allowOnly(Set<String> allowed) {
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new CliUsageException("unknown option -" + name + " for --" + command);
            }
        }
        for (String name : flags) {
            if (!allowed.contains(name)) {
                throw new CliUsageException("unknown option -" + name + " for --" + command);
            }
        }
        return this;
    }
}
