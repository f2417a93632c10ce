package io.smarthost.core.delivery;

/** Finds the SMTP reply code and enhanced status code in a logged reply or reason. */
public final class ReplyCodes {
    private ReplyCodes() {
    }

    /**
     * The three-digit reply code: the first one after {@code said: } (Postfix's "host X said: 535 ..."), else a
     * code opening the text ({@code 250 Ok}), else 0.
     */
    public static int code(String reply) {
        if (reply == null || reply.isEmpty()) {
            return 0;
        }
        int said = reply.indexOf("said: ");
        int at = said >= 0 ? said + 6 : 0;
        return threeDigits(reply, at);
    }

    /** The enhanced status code ({@code 5.7.8}) right after the reply code, or empty text. */
    public static String enhanced(String reply) {
        if (reply == null) {
            return "";
        }
        int said = reply.indexOf("said: ");
        int at = said >= 0 ? said + 6 : 0;
        if (threeDigits(reply, at) == 0 || reply.length() < at + 9) {
            return "";
        }
        int start = at + 4;
        int end = start;
        while (end < reply.length() && (Character.isDigit(reply.charAt(end)) || reply.charAt(end) == '.')) {
            end++;
        }
        String candidate = reply.substring(start, end);
        return candidate.matches("[245]\\.\\d{1,3}\\.\\d{1,3}") ? candidate : "";
    }

    private static int threeDigits(String s, int at) {
        if (s.length() < at + 3) {
            return 0;
        }
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        char c = s.charAt(at + 2);
        if (a < '2' || a > '5' || !Character.isDigit(b) || !Character.isDigit(c)) {
            return 0;
        }
        if (s.length() > at + 3 && s.charAt(at + 3) != ' ' && s.charAt(at + 3) != '-') {
            return 0;
        }
        return (a - '0') * 100 + (b - '0') * 10 + (c - '0');
    }
}
