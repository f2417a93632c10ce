package io.smarthost.postfix.maincf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Splits configuration text into {@link ConfigLine}s without losing a byte. */
final class ConfigLines {

    private ConfigLines() {
    }

    /** The physical lines of {@code text}; joining their {@link ConfigLine#raw()} gives {@code text} back. */
    static List<String[]> split(String text) {
        List<String[]> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                out.add(new String[] {text.substring(start), ""});
                break;
            }
            int end = nl > start && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            out.add(new String[] {text.substring(start, end), text.substring(end, nl + 1)});
            start = nl + 1;
        }
        return out;
    }

    /**
     * Classifies every physical line of {@code text}: blank and comment lines are ignored, lines that
     * start with whitespace continue the logical line above (and belong to its owner), any other line
     * starts a logical line whose owner {@code ownerOf} names, or is malformed when it names none.
     */
    static List<ConfigLine> parse(String text, Function<String, Optional<String>> ownerOf) {
        List<ConfigLine> out = new ArrayList<>();
        String owner = "";
        for (String[] l : split(text)) {
            String line = l[0];
            if (isIgnored(line)) {
                out.add(new ConfigLine(line, l[1], ConfigLine.Kind.IGNORED, ""));
            } else if (startsWithWhitespace(line)) {
                out.add(new ConfigLine(line, l[1], ConfigLine.Kind.CONTINUATION, owner));
            } else {
                Optional<String> starts = ownerOf.apply(line);
                owner = starts.orElse("");
                out.add(new ConfigLine(line, l[1], starts.isPresent() ? ConfigLine.Kind.START : ConfigLine.Kind.MALFORMED, owner));
            }
        }
        return out;
    }

    static boolean isIgnored(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }

    static boolean startsWithWhitespace(String line) {
        return !line.isEmpty() && Character.isWhitespace(line.charAt(0));
    }
}
