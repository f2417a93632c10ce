package io.smarthost.core.check;

import java.util.List;

/**
 * One SMTP reply: its code and its lines' texts (without the code).
 */
record SmtpReply(int code, List<String> lines) {
    SmtpReply {
        lines = List.copyOf(lines);
    }

    boolean positive() {
        return code >= 200 && code < 400;
    }

    /** The text of all lines joined, for explanations. */
    String text() {
        return String.join(" ", lines).trim();
    }

    /** "535 5.7.8 Authentication failed" (first line only). */
    String firstLine() {
        return code + (lines.isEmpty() ? "" : " " + lines.get(0));
    }
}
