package io.smarthost.postfix.maincf;

/**
 * One physical line of a Postfix configuration file, kept exactly as read.
 *
 * @param text       the line without its terminator
 * @param terminator {@code "\n"}, {@code "\r\n"} or empty (last line without newline)
 * @param kind       what the line is to Postfix
 * @param owner      for {@link Kind#START} the parameter or service name; for {@link Kind#CONTINUATION}
 *                   the name of the logical line it continues (empty when there is none); else empty
 */
public record ConfigLine(String text, String terminator, Kind kind, String owner) {

    /** How Postfix reads a physical line (postconf(5), master(5)). */
    public enum Kind {
        /** Starts a logical line: {@code name = value} in main.cf, a service in master.cf. */
        START,
        /** Starts with whitespace and is not blank or a comment: continues the logical line above. */
        CONTINUATION,
        /** Blank, whitespace-only, or a comment: Postfix ignores it. */
        IGNORED,
        /** Starts a logical line that Postfix cannot read (e.g. no {@code =}); kept as it is. */
        MALFORMED
    }

    public String raw() {
        return text + terminator;
    }
}
