package io.smarthost.core.relay;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * The one parser for relay host text, used by forms, the REST API, the CLI and the store.
 *
 * <p>Accepted: a DNS name (internationalised names are converted to punycode, a single trailing dot
 * is dropped), a dotted IPv4 address, an IPv6 address; any of them in brackets (no MX/SRV lookup),
 * followed by {@code :port} (IPv6 only inside brackets). Leading and trailing spaces are ignored;
 * control characters anywhere are refused, so a pasted {@code CR LF} can never reach a mail server's
 * configuration. Nothing is looked up on the network.
 */
public final class HostSyntax {

    /** Longest host text accepted: a 253-character name, brackets and {@code :65535}. */
    public static final int MAX_TEXT_LENGTH = 261;

    private HostSyntax() {
    }

    /** @throws HostSyntaxException naming the first problem found */
    public static ParsedHost parse(String text) {
        if (text == null) {
            throw new HostSyntaxException(HostProblem.REQUIRED);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new HostSyntaxException(HostProblem.CONTROL_CHARACTER);
            }
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new HostSyntaxException(HostProblem.REQUIRED);
        }
        if (trimmed.length() > MAX_TEXT_LENGTH) {
            throw new HostSyntaxException(HostProblem.TOO_LONG);
        }
        if (trimmed.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
            throw new HostSyntaxException(HostProblem.WHITESPACE);
        }
        if (trimmed.startsWith("[")) {
            return parseBracketed(trimmed);
        }
        if (trimmed.indexOf('[') >= 0 || trimmed.indexOf(']') >= 0) {
            throw new HostSyntaxException(HostProblem.MISPLACED_BRACKET);
        }
        int colons = (int) trimmed.chars().filter(c -> c == ':').count();
        if (colons >= 2) {
            // A bare IPv6 address: its last group cannot be told from a port, so no port here.
            return new ParsedHost(Ipv6.canonical(trimmed), HostKind.IPV6, false, OptionalInt.empty());
        }
        if (colons == 1) {
            int at = trimmed.indexOf(':');
            ParsedHost host = classify(trimmed.substring(0, at), false);
            return new ParsedHost(host.host(), host.kind(), false, OptionalInt.of(port(trimmed.substring(at + 1))));
        }
        return classify(trimmed, false);
    }

    private static ParsedHost parseBracketed(String text) {
        int close = text.indexOf(']');
        if (close < 0) {
            throw new HostSyntaxException(HostProblem.UNCLOSED_BRACKET);
        }
        String inside = text.substring(1, close);
        if (inside.indexOf('[') >= 0 || text.indexOf('[', close) >= 0 || text.indexOf(']', close + 1) >= 0) {
            throw new HostSyntaxException(HostProblem.MISPLACED_BRACKET);
        }
        if (inside.isEmpty()) {
            throw new HostSyntaxException(HostProblem.EMPTY_BRACKETS);
        }
        String rest = text.substring(close + 1);
        OptionalInt port = OptionalInt.empty();
        if (!rest.isEmpty()) {
            if (rest.charAt(0) != ':') {
                throw new HostSyntaxException(HostProblem.TEXT_AFTER_BRACKET);
            }
            port = OptionalInt.of(port(rest.substring(1)));
        }
        ParsedHost host = classify(inside, true);
        return new ParsedHost(host.host(), host.kind(), true, port);
    }

    private static ParsedHost classify(String host, boolean bracketed) {
        if (host.isEmpty()) {
            throw new HostSyntaxException(bracketed ? HostProblem.EMPTY_BRACKETS : HostProblem.REQUIRED);
        }
        if (host.indexOf(':') >= 0) {
            if (!bracketed) {
                throw new HostSyntaxException(HostProblem.INVALID_IPV6);
            }
            return new ParsedHost(Ipv6.canonical(host), HostKind.IPV6, true, OptionalInt.empty());
        }
        if (looksLikeIpv4(host)) {
            return new ParsedHost(ipv4(host), HostKind.IPV4, bracketed, OptionalInt.empty());
        }
        return new ParsedHost(dnsName(host), HostKind.DNS_NAME, bracketed, OptionalInt.empty());
    }

    /** A port written after a host: 1 to 5 digits, 1-65535. */
    static int port(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HostSyntaxException(HostProblem.BAD_PORT);
        }
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new HostSyntaxException(HostProblem.BAD_PORT);
        }
        return port;
    }

    /** Digits and dots with a numeric last label: meant as an IPv4 address (a TLD is never numeric). */
    private static boolean looksLikeIpv4(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        int lastDot = h.lastIndexOf('.');
        String last = h.substring(lastDot + 1);
        return !last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')
                && h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static String ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw new HostSyntaxException(HostProblem.INVALID_IPV4);
        }
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            // Leading zeros are refused: some resolvers read them as octal.
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || Integer.parseInt(part) > 255) {
                throw new HostSyntaxException(HostProblem.INVALID_IPV4);
            }
            out.append(out.length() == 0 ? "" : ".").append(Integer.parseInt(part));
        }
        return out.toString();
    }

    /**
     * Validates a DNS name and returns it in lower-case ASCII. Also used for domain names given to
     * the service.
     */
    public static String dnsName(String name) {
        String n = name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
        if (!ascii(n)) {
            // IDNA 2008, as the panel stores typed names (straße.example is xn--strae-oqa.example)
            n = io.smarthost.panel.api.Punycode.toAscii(n).orElseThrow(() -> new HostSyntaxException(HostProblem.INVALID_IDN));
        }
        n = n.toLowerCase(Locale.ROOT);
        if (n.length() > 253) {
            throw new HostSyntaxException(HostProblem.NAME_TOO_LONG);
        }
        // what the label checks accept, seen in one pass (a bulk change names 100,000 domains)
        return plainLdh(n) ? n : checkedLabels(n);
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The label checks of a lower-case ASCII name of at most 253 characters: the name, or why not. */
    static String checkedLabels(String n) {
        String[] labels = n.split("\\.", -1);
        for (String label : labels) {
            checkLabel(label);
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HostSyntaxException(HostProblem.NUMERIC_TOP_LABEL);
        }
        return n;
    }

    /**
     * Whether {@link #dnsName} takes {@code name} as it is, by its one-pass check alone: lower-case letters,
     * digits and inner hyphens in labels of 1 to 63 characters, no punycode label, the last label not all
     * digits, at most 253 characters. False says nothing: {@link #dnsName} then decides.
     */
    public static boolean isPlainName(String name) {
        return name != null && name.length() <= 253 && plainLdh(name);
    }

    /**
     * Whether {@code n} (lower-case) is letters, digits and inner hyphens in labels of 1 to 63 characters,
     * none of them punycode ({@code xn--}: checked the long way), and its last label not all digits: a
     * name the label checks accept as it is. False says nothing: the label checks then decide.
     */
    private static boolean plainLdh(String n) {
        int start = 0;
        boolean digitsOnly = true;
        for (int i = 0; i <= n.length(); i++) {
            char c = i < n.length() ? n.charAt(i) : '.';
            if (c == '.') {
                int len = i - start;
                if (len == 0 || len > 63 || n.charAt(start) == '-' || n.charAt(i - 1) == '-'
                        || n.startsWith("xn--", start)) {
                    return false;
                }
                if (i == n.length()) {
                    return !digitsOnly;
                }
                start = i + 1;
                digitsOnly = true;
            } else if (c >= '0' && c <= '9') {
                continue;
            } else if ((c >= 'a' && c <= 'z') || c == '-') {
                digitsOnly = false;
            } else {
                return false;
            }
        }
        return false;
    }

    private static void checkLabel(String label) {
        if (label.isEmpty()) {
            throw new HostSyntaxException(HostProblem.EMPTY_LABEL);
        }
        if (label.length() > 63) {
            throw new HostSyntaxException(HostProblem.LABEL_TOO_LONG);
        }
        if (!label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            throw new HostSyntaxException(HostProblem.BAD_CHARACTER);
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new HostSyntaxException(HostProblem.HYPHEN);
        }
        // A punycode label must decode to a label a registry could hand out and encode back to itself, or it is not
        // an IDN at all (xn--zz). Punycode itself, not IDNA 2003's round trip: that refused every label IDNA 2008
        // allows and IDNA 2003 maps away (xn--strae-oqa, straße), so a domain the panel has could get no relay.
        if (label.startsWith("xn--") && io.smarthost.panel.api.Punycode.uLabel(label).isEmpty()) {
            throw new HostSyntaxException(HostProblem.INVALID_IDN);
        }
    }

    /** The name for people: punycode labels shown in Unicode. IP addresses come back unchanged. */
    public static String toUnicode(String asciiHost) {
        return io.smarthost.panel.api.Punycode.toUnicode(asciiHost);
    }
}
