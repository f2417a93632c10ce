package io.smarthost.postfix.apply;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The entries of a lookup table's text source as {@code postmap} reads it: {@code #} lines and blank
 * lines are skipped, a line starting with white space continues the entry before it, the key ends at
 * the first white space, keys are lower-cased (hash tables are built with {@code postmap}'s default
 * folding) and the first of two equal keys wins.
 */
public final class MapEntries {

    private MapEntries() {
    }

    /** One entry as read, with the line it starts on (from 1). */
    @FunctionalInterface
    public interface Entry {
        void accept(String key, String value, int line);
    }

    public static Map<String, String> parse(byte[] text) {
        return parse(text, null);
    }

    /**
     * As {@link #parse(byte[])}; each key met again after its first entry is added to {@code duplicates} (when
     * given) as {@code key (lines A, B)}.
     */
    public static Map<String, String> parse(byte[] text, List<String> duplicates) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Integer> firstLine = duplicates == null ? null : new java.util.HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(text), StandardCharsets.UTF_8))) {
            each(in, (key, value, line) -> {
                if (out.putIfAbsent(key, value) == null) {
                    if (firstLine != null) {
                        firstLine.put(key, line);
                    }
                } else if (duplicates != null) {
                    duplicates.add(key + " (lines " + firstLine.get(key) + ", " + line + ")");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out;
    }

    /** Every entry of {@code in} in file order, duplicate keys included. */
    public static void each(BufferedReader in, Entry entry) throws IOException {
        String key = null;
        int keyLine = 0;
        StringBuilder value = new StringBuilder();
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (key != null && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                value.append(' ').append(trimmed);
                continue;
            }
            if (key != null) {
                entry.accept(key, value.toString(), keyLine);
            }
            int sp = indexOfSpace(trimmed);
            key = (sp < 0 ? trimmed : trimmed.substring(0, sp)).toLowerCase(Locale.ROOT);
            keyLine = number;
            value.setLength(0);
            value.append(sp < 0 ? "" : trimmed.substring(sp).strip());
        }
        if (key != null) {
            entry.accept(key, value.toString(), keyLine);
        }
    }

    public static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }
}
