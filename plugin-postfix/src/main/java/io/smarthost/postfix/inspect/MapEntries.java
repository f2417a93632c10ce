package io.smarthost.postfix.inspect;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The entries of a lookup table's text source as {@code postmap} reads it: {@code #} lines and blank
 * lines are skipped, the key ends at the first white space, keys are lower-cased (hash tables are
 * built with {@code postmap}'s default folding) and the first of two equal keys wins.
 */
final class MapEntries {

    private MapEntries() {
    }

    static Map<String, String> parse(byte[] text) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = new String(text, StandardCharsets.UTF_8).split("\n");
        for (String raw : lines) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int sp = indexOfSpace(trimmed);
            String key = (sp < 0 ? trimmed : trimmed.substring(0, sp)).toLowerCase(Locale.ROOT);
            String value = sp < 0 ? "" : trimmed.substring(sp).strip();
            out.putIfAbsent(key, value);
        }
        return out;
    }

    static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }
}
