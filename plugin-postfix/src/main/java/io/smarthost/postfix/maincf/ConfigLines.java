package io.smarthost.postfix.maincf;

import java.util.ArrayList;
import java.util.List;

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

    static boolean isIgnored(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }

    static boolean startsWithWhitespace(String line) {
        return !line.isEmpty() && Character.isWhitespace(line.charAt(0));
    }
}
