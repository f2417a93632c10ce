package io.smarthost.panel.host.ini;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One parse of {@code panel.ini}: {@code [section]} headers, {@code key = value} lines, {@code ;} and
 * {@code #} comments (whole lines only, so values may contain them). Names are case-insensitive. Keys
 * before any section header belong to section {@code ""}. A malformed line is skipped and described in
 * {@link #problems()} with the file name and line number; parsing never fails.
 *
 * @param entries  section -> key -> the line that set it (the last one when repeated), names lower-cased
 * @param problems the lines that were skipped and why
 */
public record IniFile(Path file, Map<String, Map<String, Entry>> entries, List<IniProblem> problems) {

    /**
     * One {@code key = value} line.
     *
     * @param key   as written (original case)
     * @param value stripped and unquoted
     * @param line  1-based line number
     */
    public record Entry(String key, String value, int line) {
    }

    public IniFile {
        Map<String, Map<String, Entry>> copy = new LinkedHashMap<>();
        entries.forEach((section, keys) -> copy.put(section, Collections.unmodifiableMap(new LinkedHashMap<>(keys))));
        entries = Collections.unmodifiableMap(copy);
        problems = List.copyOf(problems);
    }

    /** Reads {@code file}; a missing file is an empty configuration, an unreadable one a problem. */
    public static IniFile read(Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new IniFile(file, Map.of(), List.of());
        } catch (IOException e) {
            return new IniFile(file, Map.of(), List.of(new IniProblem(file.getFileName().toString(), 0, "",
                    "cannot be read: " + e.getMessage() + "; every key has its default")));
        }
    }

    public static IniFile parse(Path file, String text) {
        String name = file.getFileName().toString();
        Map<String, Map<String, Entry>> values = new LinkedHashMap<>();
        List<IniProblem> problems = new ArrayList<>();
        String section = "";
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3 || !validName(line.substring(1, line.length() - 1).strip())) {
                    problems.add(new IniProblem(name, number, "", "section header must look like [name] (letters, digits, . _ -), got \""
                            + line + "\"; keys up to the next valid header are ignored"));
                    section = null;
                } else {
                    section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                // the line is not echoed: it may be a value someone meant to write after "password ="
                problems.add(new IniProblem(name, number, "", "missing '=' (expected key = value); line ignored"));
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            if (!validName(key)) {
                problems.add(new IniProblem(name, number, "", "invalid key \"" + key + "\" (letters, digits, . _ - only)"));
                continue;
            }
            if (section == null) {
                problems.add(new IniProblem(name, number, key, "ignored because its section header is malformed"));
                continue;
            }
            Map<String, Entry> keys = values.computeIfAbsent(section, s -> new LinkedHashMap<>());
            String lower = key.toLowerCase(Locale.ROOT);
            if (keys.containsKey(lower)) {
                problems.add(new IniProblem(name, number, key, "repeated in [" + section + "] (also on line "
                        + keys.get(lower).line() + "); the last value wins"));
            }
            keys.put(lower, new Entry(key, value, number));
        }
        return new IniFile(file, values, problems);
    }

    public Optional<String> get(String section, String key) {
        return entry(section, key).map(Entry::value);
    }

    public Optional<Entry> entry(String section, String key) {
        Map<String, Entry> keys = entries.get(section.toLowerCase(Locale.ROOT));
        return keys == null ? Optional.empty() : Optional.ofNullable(keys.get(key.toLowerCase(Locale.ROOT)));
    }

    private static boolean validName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
