package io.smarthost.panel.host.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.ini.IniSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The home's generated {@code panel.ini}, which lists every key commented out with its default
 * ({@code ;port = 8880}), compared with the declared keys: for use by the host's and plugins' tests.
 */
public final class GeneratedIni {

    private static final Pattern SECTION = Pattern.compile("\\[([A-Za-z0-9._-]+)]");
    private static final Pattern COMMENTED_KEY = Pattern.compile(";([A-Za-z0-9._-]+) =(.*)");

    private GeneratedIni() {
    }

    /** section -> key -> default as the file shows it, names lower-cased. */
    public static Map<String, Map<String, String>> commentedKeys(Path file) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        String section = "";
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher header = SECTION.matcher(line.strip());
                Matcher key = COMMENTED_KEY.matcher(line.strip());
                if (header.matches()) {
                    section = header.group(1).toLowerCase(Locale.ROOT);
                } else if (key.matches()) {
                    out.computeIfAbsent(section, s -> new TreeMap<>()).put(key.group(1).toLowerCase(Locale.ROOT), key.group(2).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Every section {@code schema} owns lists exactly its declared keys, each with the declared default.
     * Where the declared default is empty ("unset"), the file may show what unset means for this home
     * (e.g. the embedded database's URL or the sandbox folder).
     */
    public static void assertListsEveryDeclaredKey(Path file, IniSchema schema) {
        Map<String, Map<String, String>> listed = commentedKeys(file);
        Map<String, Map<String, String>> declared = new LinkedHashMap<>();
        schema.all().forEach(d -> declared.computeIfAbsent(d.key().section().toLowerCase(Locale.ROOT), s -> new TreeMap<>())
                .put(d.key().name().toLowerCase(Locale.ROOT), d.key().defaultValue()));
        List<String> wrongDefaults = new ArrayList<>();
        declared.forEach((section, keys) -> {
            Map<String, String> shown = listed.getOrDefault(section, Map.of());
            assertEquals(keys.keySet(), shown.keySet(), "[" + section + "]: keys of the generated panel.ini vs declared keys");
            keys.forEach((key, value) -> {
                String inFile = shown.get(key);
                if (!value.isEmpty() && !value.equalsIgnoreCase(inFile)) {
                    wrongDefaults.add("[" + section + "] " + key + ": declared \"" + value + "\", panel.ini shows \"" + inFile + "\"");
                }
            });
        });
        assertTrue(wrongDefaults.isEmpty(), String.join("\n", wrongDefaults));
    }
}
