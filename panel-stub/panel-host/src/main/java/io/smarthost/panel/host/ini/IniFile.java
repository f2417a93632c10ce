package io.smarthost.panel.host.ini;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * @param values   section -> key -> value, names lower-cased
 * @param problems human-readable descriptions of the lines that were skipped
 */
public record IniFile(Path file, Map<String, Map<String, String>> values, List<String> problems) {

    public IniFile {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        values.forEach((section, keys) -> copy.put(section, Map.copyOf(keys)));
        values = Map.copyOf(copy);
        problems = List.copyOf(problems);
    }

    /** Reads {@code file}; a missing file is an empty configuration, an unreadable one a problem. */
    public static IniFile read(Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new IniFile(file, Map.of(), List.of());
        } catch (IOException e) {
            return new IniFile(file, Map.of(), List.of(file.getFileName() + ": cannot be read: " + e.getMessage()));
        }
    }

    public static IniFile parse(Path file, String text) {
        String name = file.getFileName().toString();
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
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
                    problems.add(name + ":" + number + ": section header must look like [name] (letters, digits, . _ -), got \"" + line + "\"; keys up to the next valid header are ignored");
                    section = null;
                } else {
                    section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                problems.add(name + ":" + number + ": missing '=' in \"" + line + "\" (expected key = value)");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            if (!validName(key)) {
                problems.add(name + ":" + number + ": invalid key \"" + key + "\" (letters, digits, . _ - only)");
                continue;
            }
            if (section == null) {
                problems.add(name + ":" + number + ": key \"" + key + "\" ignored because its section header is malformed");
                continue;
            }
            Map<String, String> keys = values.computeIfAbsent(section, s -> new LinkedHashMap<>());
            String lower = key.toLowerCase(Locale.ROOT);
            if (keys.containsKey(lower)) {
                problems.add(name + ":" + number + ": key \"" + key + "\" repeated in [" + section + "]; the last value wins");
            }
            keys.put(lower, value);
        }
        return new IniFile(file, values, problems);
    }

    public Optional<String> get(String section, String key) {
        Map<String, String> keys = values.get(section.toLowerCase(Locale.ROOT));
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
