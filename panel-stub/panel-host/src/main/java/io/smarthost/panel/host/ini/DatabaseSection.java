package io.smarthost.panel.host.ini;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sets {@code url}, {@code user} and {@code password} of panel.ini's {@code [database]} section and
 * leaves every other byte as it was: a key set on a line of its own is replaced on that line, a
 * missing one is added right after the section header (a section is appended when there is none);
 * comments (the template's {@code ;url = ...}) stay. The file is replaced atomically and stays 0600.
 */
public final class DatabaseSection {

    private DatabaseSection() {
    }

    public static void write(Path ini, String url, String user, String password) throws IOException {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("url", url);
        wanted.put("user", user);
        wanted.put("password", password);
        for (String v : wanted.values()) {
            if (v.contains("\n") || v.contains("\r")) {
                throw new IllegalArgumentException("[database] values are one line each");
            }
        }
        String text = Files.exists(ini) ? Files.readString(ini, StandardCharsets.UTF_8) : "";
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int header = -1;
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                if (section.equals("database") && header < 0) {
                    header = i;
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (section.equals("database") && eq > 0 && !line.startsWith(";") && !line.startsWith("#")) {
                String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                if (wanted.containsKey(key)) {
                    lines.set(i, key + " = " + wanted.remove(key));
                }
            }
        }
        if (header < 0 && !wanted.isEmpty()) {
            if (!lines.get(lines.size() - 1).isEmpty()) {
                lines.add("");
            }
            // the last element is what follows the file's final newline: a blank line, then the section
            lines.add(lines.size() - 1, "");
            lines.add(lines.size() - 1, "[database]");
            header = lines.size() - 2;
        }
        int at = header + 1;
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            lines.add(at++, e.getKey() + " = " + e.getValue());
        }
        Path temp = ini.resolveSibling(ini.getFileName() + ".new");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, String.join("\n", lines), StandardCharsets.UTF_8);
        Files.move(temp, ini, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
