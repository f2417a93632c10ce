package io.smarthost.postfix.maincf;

import io.smarthost.postfix.maincf.ConfigLine.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An editable {@code main.cf} that keeps every line it is not asked to change byte for byte:
 * comments, blank lines, continuation lines, order and line terminators.
 *
 * <p>{@link #set}: managed parameters are replaced where they are first found (their continuation
 * lines go with them); later duplicates are removed. Parameters that did not exist are added between
 * two marker comments at the end of the file, so that an admin sees where the panel writes.
 *
 * <p>{@link #takeOver}/{@link #release}: the same, but a line written by hand is never lost. It is
 * turned into a comment in place ({@link #SAVED} before each of its physical lines) with ours right
 * after it, and given back byte for byte when the panel stops writing that parameter altogether.
 * A line is ours when it stands between the marker comments or right after a saved line of its name.
 */
public final class MainCf {

    /** The comment line above the parameters we add. */
    public static final String MARKER = "# Smarthost relay (managed by the panel: edit it there, changes here are overwritten)";
    /** The comment line below them: a line added after it (as {@code postconf -e} does) was written by hand. */
    public static final String END_MARKER = "# End of the smarthost relay settings";

    /** Starts each physical line of a hand-written parameter the panel has taken over. */
    public static final String SAVED = "#smarthost-saved: ";

    private static final Pattern PARAM = Pattern.compile("^([A-Za-z0-9_.\\-]+)\\s*=(.*)$");

    private final List<ConfigLine> lines;

    private MainCf(List<ConfigLine> lines) {
        this.lines = lines;
    }

    public static MainCf parse(String text) {
        return new MainCf(ConfigLines.parse(text, line -> {
            Matcher m = PARAM.matcher(line);
            return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        }));
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.raw()));
        return sb.toString();
    }

    public List<ConfigLine> lines() {
        return List.copyOf(lines);
    }

    /** Every occurrence of every parameter, in file order. */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ConfigLine l = lines.get(i);
            if (l.kind() == Kind.START) {
                StringBuilder value = new StringBuilder(valueOf(l.text()));
                for (int j = i + 1; j < lines.size() && lines.get(j).kind() != Kind.START
                        && lines.get(j).kind() != Kind.MALFORMED; j++) {
                    if (lines.get(j).kind() == Kind.CONTINUATION) {
                        value.append(' ').append(lines.get(j).text().strip());
                    }
                }
                out.add(new Parameter(l.owner(), value.toString().strip(), i + 1));
            }
        }
        return out;
    }

    /** The value Postfix would use (the last occurrence wins), if the parameter is set. */
    public Optional<String> get(String name) {
        Parameter last = null;
        for (Parameter p : parameters()) {
            if (p.name().equals(name)) {
                last = p;
            }
        }
        return Optional.ofNullable(last).map(Parameter::value);
    }

    /** Names set more than once, with the line numbers of each occurrence. */
    public Map<String, List<Integer>> duplicates() {
        Map<String, List<Integer>> seen = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            seen.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.line());
        }
        seen.values().removeIf(v -> v.size() < 2);
        return seen;
    }

    /** Line numbers (1-based) of lines Postfix cannot read. */
    public List<Integer> malformedLines() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).kind() == Kind.MALFORMED) {
                out.add(i + 1);
            }
        }
        return out;
    }

    /**
     * Sets {@code name = value}: the first occurrence is replaced in place, later ones removed; when
     * absent, the line is added after the marker (which is added at the end when missing).
     */
    public void set(String name, String value) {
        String text = name + " = " + value;
        int first = removeOccurrences(name, true);
        if (first >= 0) {
            ConfigLine old = lines.get(first);
            lines.set(first, new ConfigLine(text, old.terminator().isEmpty() ? "\n" : old.terminator(),
                    Kind.START, name));
            return;
        }
        int[] block = block();
        if (block.length == 0) {
            ensureTrailingNewline();
            lines.add(new ConfigLine(MARKER, "\n", Kind.IGNORED, ""));
            lines.add(new ConfigLine(END_MARKER, "\n", Kind.IGNORED, ""));
            block = block();
        } else if (indexOf(END_MARKER, block[0]) < 0) {
            lines.add(block[1], new ConfigLine(END_MARKER, "\n", Kind.IGNORED, "")); // a block from before the end marker
        }
        // after the parameters already in our block, keeping their order stable
        lines.add(block[1], new ConfigLine(text, "\n", Kind.START, name));
    }

    /** Removes every occurrence of {@code name} and its continuation lines. */
    public void remove(String name) {
        removeOccurrences(name, false);
    }

    /**
     * Makes {@code name = value} the one setting of {@code name}, keeping what was written by hand:
     * each hand-written occurrence becomes a saved comment where it stands, and our line goes in place
     * of the first one (or where ours already is, or into the marker block).
     */
    public void takeOver(String name, String value) {
        new HandWritten(this, lines).takeOver(name, value);
    }

    /**
     * Stops writing {@code name}: our occurrences go; lines written by hand stay. With {@code restore},
     * the saved hand-written lines of {@code name} come back as they were, where they were (dropped
     * instead when a newer hand-written setting of {@code name} is active: that one is the admin's
     * last word).
     */
    public void release(String name, boolean restore) {
        new HandWritten(this, lines).release(name, restore);
    }

    /** Line numbers (1-based) where {@code name} is set by hand (not by the panel), in file order. */
    public List<Integer> handWrittenLines(String name) {
        return new HandWritten(this, lines).handWrittenLines(name);
    }

    /** The saved hand-written values of {@code name}, continuation lines joined, in file order. */
    public List<String> savedValues(String name) {
        return MainCf.parse(new HandWritten(this, lines).savedText(name)).parameters().stream()
                .filter(p -> p.name().equals(name)).map(Parameter::value).toList();
    }

    /** Whether {@code l} is a saved hand-written line. */
    public static boolean isSaved(ConfigLine l) {
        return l.kind() == Kind.IGNORED && l.text().startsWith(SAVED);
    }

    /** Whether {@code text} starts a {@code name = value} line; its name. */
    static Optional<String> parameterName(String text) {
        Matcher m = PARAM.matcher(text);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Removes the marker comments when no parameter stands between them any more. */
    public void removeMarkerIfEmpty() {
        int[] block = block();
        if (block.length == 0 || lines.subList(block[0], block[1]).stream().anyMatch(l -> l.kind() != Kind.IGNORED)) {
            return;
        }
        int end = indexOf(END_MARKER, block[0]);
        if (end >= 0) {
            lines.remove(end);
        }
        lines.remove(block[0] - 1);
    }

    /**
     * Where the parameters of our block stand: {@code [first, end)} line indexes; empty when there is
     * no block. A block written before the end marker existed ends at the first blank or comment line.
     */
    int[] block() {
        int marker = indexOf(MARKER, 0);
        if (marker < 0) {
            return new int[0];
        }
        int end = indexOf(END_MARKER, marker);
        if (end < 0) {
            end = marker + 1;
            while (end < lines.size() && lines.get(end).kind() != Kind.IGNORED) {
                end++;
            }
        }
        return new int[] {marker + 1, end};
    }

    private int indexOf(String comment, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).text().equals(comment)) {
                return i;
            }
        }
        return -1;
    }

    private void ensureTrailingNewline() {
        if (!lines.isEmpty() && lines.get(lines.size() - 1).terminator().isEmpty()) {
            ConfigLine last = lines.remove(lines.size() - 1);
            lines.add(new ConfigLine(last.text(), "\n", last.kind(), last.owner()));
        }
    }

    /** Removes occurrences (keeping the first one's start line when asked); returns its index or -1. */
    private int removeOccurrences(String name, boolean keepFirst) {
        int kept = -1;
        for (int i = 0; i < lines.size(); i++) {
            ConfigLine l = lines.get(i);
            if (l.kind() != Kind.START || !l.owner().equals(name)) {
                continue;
            }
            // continuation lines belong to this occurrence until the next logical line starts
            int j = i + 1;
            while (j < lines.size() && lines.get(j).kind() != Kind.START && lines.get(j).kind() != Kind.MALFORMED) {
                if (lines.get(j).kind() == Kind.CONTINUATION) {
                    lines.remove(j);
                } else {
                    j++;
                }
            }
            if (keepFirst && kept < 0) {
                kept = i;
            } else {
                lines.remove(i);
                i--;
            }
        }
        return kept;
    }

    private static String valueOf(String startLine) {
        Matcher m = PARAM.matcher(startLine);
        return m.matches() ? m.group(2).strip() : "";
    }

    /**
     * One occurrence of a parameter.
     *
     * @param name  parameter name
     * @param value value with continuation lines joined by single spaces
     * @param line  1-based line number of its first line
     */
    public record Parameter(String name, String value, int line) {
    }
}
