package io.smarthost.postfix.maincf;

import io.smarthost.postfix.maincf.ConfigLine.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The take-over rules of {@link MainCf}: tells our lines from lines written by hand, saves the latter
 * as comments where they stand ({@link MainCf#SAVED} before each physical line, terminators kept) and
 * gives them back. Ours are the lines between the marker comments and a line right after a saved line
 * of its own name (where we replaced a hand-written one); every other line is the admin's.
 */
final class HandWritten {

    private final MainCf cf;
    private final List<ConfigLine> lines;

    HandWritten(MainCf cf, List<ConfigLine> lines) {
        this.cf = cf;
        this.lines = lines;
    }

    void takeOver(String name, String value) {
        List<Integer> hand = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (starts(i, name) && !isOurs(i)) {
                hand.add(i); // all decided before any is saved: a saved line makes the next one look ours
            }
        }
        for (int i : hand) {
            for (int j = i; j < lines.size() && (j == i || lines.get(j).kind() == Kind.CONTINUATION
                    || lines.get(j).kind() == Kind.IGNORED && !MainCf.isSaved(lines.get(j))); j++) {
                ConfigLine l = lines.get(j);
                if (l.kind() != Kind.IGNORED) {
                    lines.set(j, new ConfigLine(MainCf.SAVED + l.text(), l.terminator(), Kind.IGNORED, ""));
                }
            }
        }
        boolean oursExists = false;
        for (int i = 0; i < lines.size() && !oursExists; i++) {
            oursExists = starts(i, name);
        }
        int afterSaved = endOfFirstSavedGroup(name);
        if (oursExists || afterSaved < 0) {
            cf.set(name, value);
            return;
        }
        ConfigLine last = lines.get(afterSaved - 1);
        String terminator = last.terminator().isEmpty() ? "\n" : last.terminator();
        lines.set(afterSaved - 1, new ConfigLine(last.text(), terminator, last.kind(), last.owner()));
        lines.add(afterSaved, new ConfigLine(name + " = " + value, terminator, Kind.START, name));
    }

    List<Integer> handWrittenLines(String name) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (starts(i, name) && !isOurs(i)) {
                out.add(i + 1);
            }
        }
        return out;
    }

    void release(String name, boolean restore) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (starts(i, name) && isOurs(i)) {
                removeOccurrence(i);
            }
        }
        if (restore) {
            restore(name);
        }
        // Postfix uses the last of duplicates and warns about the others, which the apply's validation
        // refuses for a managed parameter: the earlier ones go, as MainCf.set does
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (starts(i, name)) {
                active.add(i);
            }
        }
        for (int k = active.size() - 2; k >= 0; k--) {
            removeOccurrence(active.get(k));
        }
    }

    /**
     * Gives back the saved lines of {@code name}: the last saved setting (the one Postfix used; earlier
     * duplicates go), or none when a newer hand-written setting is active.
     */
    private void restore(String name) {
        boolean handActive = false;
        int groups = 0;
        String owner = "";
        for (int i = 0; i < lines.size(); i++) {
            handActive |= starts(i, name);
            Optional<String> saved = savedOwner(lines.get(i), owner);
            owner = saved.orElse("");
            if (saved.isPresent() && saved.get().equals(name) && !continues(lines.get(i))) {
                groups++;
            }
        }
        int keep = handActive ? -1 : groups - 1;
        int group = -1;
        owner = "";
        for (int i = 0; i < lines.size(); i++) {
            ConfigLine l = lines.get(i);
            Optional<String> saved = savedOwner(l, owner);
            owner = saved.orElse("");
            if (saved.isEmpty() || !saved.get().equals(name)) {
                continue;
            }
            group += continues(l) ? 0 : 1;
            String text = l.text().substring(MainCf.SAVED.length());
            if (group == keep) {
                lines.set(i, new ConfigLine(text, l.terminator(),
                        ConfigLines.startsWithWhitespace(text) ? Kind.CONTINUATION : Kind.START, name));
            } else {
                lines.remove(i--);
            }
        }
    }

    /** The saved lines of {@code name} without their prefix, in file order. */
    String savedText(String name) {
        StringBuilder out = new StringBuilder();
        String owner = "";
        for (ConfigLine l : lines) {
            Optional<String> saved = savedOwner(l, owner);
            owner = saved.orElse("");
            if (saved.isPresent() && saved.get().equals(name)) {
                out.append(l.text().substring(MainCf.SAVED.length())).append('\n');
            }
        }
        return out.toString();
    }

    /** Whether a saved line is a saved continuation line. */
    private static boolean continues(ConfigLine saved) {
        return ConfigLines.startsWithWhitespace(saved.text().substring(MainCf.SAVED.length()));
    }

    /** Removes the parameter starting at {@code i} with its continuation lines (comments between them stay). */
    private void removeOccurrence(int i) {
        for (int j = i + 1; j < lines.size() && lines.get(j).kind() != Kind.START && lines.get(j).kind() != Kind.MALFORMED; ) {
            if (lines.get(j).kind() == Kind.CONTINUATION) {
                lines.remove(j);
            } else {
                j++;
            }
        }
        lines.remove(i);
    }

    private boolean starts(int i, String name) {
        return lines.get(i).kind() == Kind.START && lines.get(i).owner().equals(name);
    }

    /** Whether the parameter starting at line index {@code i} was written by us. */
    private boolean isOurs(int i) {
        if (i > 0 && savedOwnerAt(i - 1).filter(lines.get(i).owner()::equals).isPresent()) {
            return true;
        }
        int[] block = cf.block();
        return block.length > 0 && block[0] <= i && i < block[1];
    }

    /** The index after the first group of saved lines of {@code name}; -1 when there is none. */
    private int endOfFirstSavedGroup(String name) {
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

    /** The parameter the saved line at index {@code i} belongs to (a saved continuation line included). */
    private Optional<String> savedOwnerAt(int i) {
        int start = i;
        while (start > 0 && MainCf.isSaved(lines.get(start))
                && ConfigLines.startsWithWhitespace(lines.get(start).text().substring(MainCf.SAVED.length()))) {
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
        if (!MainCf.isSaved(l)) {
            return Optional.empty();
        }
        String text = l.text().substring(MainCf.SAVED.length());
        if (ConfigLines.startsWithWhitespace(text)) {
            return previous.isEmpty() ? Optional.empty() : Optional.of(previous);
        }
        return MainCf.parameterName(text);
    }
}
