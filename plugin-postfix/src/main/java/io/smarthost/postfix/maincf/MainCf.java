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
 * lines go with them); later duplicates are removed. Parameters that did not exist are added after a
 * marker comment at the end of the file, so that an admin sees where the panel writes.
 *
 * <p>{@link #takeOver}/{@link #release}: the same, but a line written by hand is never lost. It is
 * turned into a comment in place ({@link #SAVED} before each of its physical lines) with ours right
 * after it, and given back byte for byte when the panel stops writing that parameter altogether.
 * A line is ours when it stands in the marker block or right after a saved line of its name.
 */
public final class MainCf {

    /** The comment line above the parameters we add. */
    public static final String MARKER = "# Smarthost relay (managed by the panel: edit it there, changes here are overwritten)";

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
        int marker = markerIndex();
        if (marker < 0) {
            ensureTrailingNewline();
            lines.add(new ConfigLine(MARKER, "\n", Kind.IGNORED, ""));
            marker = lines.size() - 1;
        }
        int at = marker + 1;
        while (at < lines.size() && lines.get(at).kind() != Kind.IGNORED) {
            at++; // after the parameters already in our block, keeping their order stable
        }
        lines.add(at, new ConfigLine(text, "\n", Kind.START, name));
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
        List<Integer> hand = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ConfigLine l = lines.get(i);
            if (l.kind() == Kind.START && l.owner().equals(name) && !isOurs(i)) {
                hand.add(i); // all decided before any is saved: a saved line makes the next one look ours
            }
        }
        for (int i : hand) {
            for (int j = i; j < lines.size() && (j == i || lines.get(j).kind() == Kind.CONTINUATION
                    || lines.get(j).kind() == Kind.IGNORED && !isSaved(lines.get(j))); j++) {
                ConfigLine l = lines.get(j);
                if (l.kind() != Kind.IGNORED) {
                    lines.set(j, new ConfigLine(SAVED + l.text(), l.terminator(), Kind.IGNORED, ""));
                }
            }
        }
        boolean oursExists = lines.stream().anyMatch(l -> l.kind() == Kind.START && l.owner().equals(name));
        int afterSaved = endOfSavedGroup(name);
        if (oursExists || afterSaved < 0) {
            set(name, value);
            return;
        }
        ConfigLine last = lines.get(afterSaved - 1);
        String terminator = last.terminator().isEmpty() ? "\n" : last.terminator();
        lines.set(afterSaved - 1, new ConfigLine(last.text(), terminator, last.kind(), last.owner()));
        lines.add(afterSaved, new ConfigLine(name + " = " + value, terminator, Kind.START, name));
    }

    /**
     * Stops writing {@code name}: our occurrences go; lines written by hand stay. With {@code restore},
     * the saved hand-written lines of {@code name} come back as they were, where they were (dropped
     * instead when a newer hand-written setting of {@code name} is active: that one is the admin's
     * last word).
     */
    public void release(String name, boolean restore) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            ConfigLine l = lines.get(i);
            if (l.kind() == Kind.START && l.owner().equals(name) && isOurs(i)) {
                int end = i + 1;
                while (end < lines.size() && lines.get(end).kind() == Kind.CONTINUATION) {
                    end++;
                }
                lines.subList(i, end).clear();
            }
        }
        if (!restore) {
            return;
        }
        boolean handActive = lines.stream().anyMatch(l -> l.kind() == Kind.START && l.owner().equals(name));
        String owner = "";
        for (int i = 0; i < lines.size(); i++) {
            Optional<String> saved = savedOwner(lines.get(i), owner);
            owner = saved.orElse("");
            if (saved.isPresent() && saved.get().equals(name)) {
                ConfigLine l = lines.get(i);
                String text = l.text().substring(SAVED.length());
                if (handActive) {
                    lines.remove(i--);
                } else {
                    lines.set(i, new ConfigLine(text, l.terminator(), ConfigLines.startsWithWhitespace(text)
                            ? Kind.CONTINUATION : Kind.START, name));
                }
            }
        }
    }

    /** The saved hand-written values of {@code name}, continuation lines joined, in file order. */
    public List<String> savedValues(String name) {
        MainCf restored = MainCf.parse(render());
        restored.lines.removeIf(l -> l.kind() == Kind.START || l.kind() == Kind.CONTINUATION);
        restored.release(name, true);
        return restored.parameters().stream().filter(p -> p.name().equals(name)).map(Parameter::value).toList();
    }

    /** Whether the parameter starting at line index {@code i} was written by us (see the class comment). */
    private boolean isOurs(int i) {
        if (i > 0 && savedOwnerAt(i - 1).filter(lines.get(i).owner()::equals).isPresent()) {
            return true;
        }
        int marker = markerIndex();
        if (marker < 0 || marker > i) {
            return false;
        }
        for (int j = marker + 1; j < i; j++) {
            if (lines.get(j).kind() == Kind.IGNORED) {
                return false;
            }
        }
        return true;
    }

    /** The index after the first group of saved lines of {@code name}; -1 when there is none. */
    private int endOfSavedGroup(String name) {
        String owner = "";
        boolean inGroup = false;
        for (int i = 0; i < lines.size(); i++) {
            Optional<String> saved = savedOwner(lines.get(i), owner);
            owner = saved.orElse("");
            boolean mine = saved.isPresent() && saved.get().equals(name);
            if (inGroup && !mine) {
                return i;
            }
            inGroup = mine;
        }
        return inGroup ? lines.size() : -1;
    }

    /** The parameter a saved line at index {@code i} belongs to (its continuation lines included). */
    private Optional<String> savedOwnerAt(int i) {
        int start = i;
        while (start > 0 && lines.get(start).text().startsWith(SAVED)
                && ConfigLines.startsWithWhitespace(lines.get(start).text().substring(SAVED.length()))) {
            start--;
        }
        String owner = "";
        for (int j = start; j <= i; j++) {
            owner = savedOwner(lines.get(j), owner).orElse("");
        }
        return owner.isEmpty() ? Optional.empty() : Optional.of(owner);
    }

    /** For a saved line: the parameter it belongs to ({@code previous} for a saved continuation line). */
    private static Optional<String> savedOwner(ConfigLine l, String previous) {
        if (l.kind() != Kind.IGNORED || !l.text().startsWith(SAVED)) {
            return Optional.empty();
        }
        String text = l.text().substring(SAVED.length());
        if (ConfigLines.startsWithWhitespace(text)) {
            return previous.isEmpty() ? Optional.empty() : Optional.of(previous);
        }
        Matcher m = PARAM.matcher(text);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether {@code l} is a saved hand-written line. */
    public static boolean isSaved(ConfigLine l) {
        return l.kind() == Kind.IGNORED && l.text().startsWith(SAVED);
    }

    /** Removes the marker comment when no parameter follows it any more. */
    public void removeMarkerIfEmpty() {
        int marker = markerIndex();
        if (marker >= 0 && (marker + 1 >= lines.size() || lines.get(marker + 1).kind() == Kind.IGNORED)) {
            lines.remove(marker);
        }
    }

    private int markerIndex() {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).text().equals(MARKER)) {
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
