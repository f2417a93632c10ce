package io.smarthost.panel.host.ini;

/**
 * One thing wrong in {@code panel.ini}, as the CLI prints it, the pages list it and the log records it:
 * {@code panel.ini:3: smarthost.server.enabled: "ture" is not allowed ...}.
 *
 * @param file the file's name ({@code panel.ini})
 * @param line 1-based line number; 0 when the problem is about the whole file
 * @param key  the key as written in the file; empty when the line has none (a broken header...)
 * @param text what is wrong and what happens instead (English)
 */
public record IniProblem(String file, int line, String key, String text) {

    /** {@code panel.ini:3}, or just the file name for whole-file problems. */
    public String location() {
        return line > 0 ? file + ":" + line : file;
    }

    @Override
    public String toString() {
        return location() + ": " + (key.isEmpty() ? "" : key + ": ") + text;
    }
}
