package io.smarthost.postfix.srs;

import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.services.HostServices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Where postsrsd (Debian's package {@code postsrsd}, an SRS daemon answering Postfix {@code tcp:} lookups)
 * listens, and what the panel expects of it. The panel does not start it: the system's service does
 * ({@code systemctl enable --now postsrsd}); the defaults are those of Debian's {@code /etc/default/postsrsd}.
 *
 * @param address     the loopback address it listens on (Debian: {@code SRS_LISTEN_ADDR=127.0.0.1})
 * @param forwardPort the forward table: an outside sender becomes {@code SRS0=...@domain} ({@code SRS_FORWARD_PORT})
 * @param reversePort the reverse table: an {@code SRS0=} address becomes the original again ({@code SRS_REVERSE_PORT})
 * @param domain      the SRS domain it rewrites into ({@code SRS_DOMAIN}); empty: not checked (Debian's default
 *                    is {@code postconf -h mydomain})
 */
public record SrsDaemon(String address, int forwardPort, int reversePort, String domain) {

    /** Debian's {@code /etc/default/postsrsd}. */
    public static final SrsDaemon DEBIAN = new SrsDaemon("127.0.0.1", 10001, 10002, "");

    /** An outside address the health check asks postsrsd to rewrite and back (never mailed). */
    static final String PROBE_ADDRESS = "postmaster@srs-check.invalid";

    /** From panel.ini {@code [mail] smarthost.postfix.srs.*}; a value its declared type refuses reads as the default. */
    public static SrsDaemon fromHost(HostServices host) {
        return new SrsDaemon(DEBIAN.address(),
                intValue(host, SrsIniKeys.FORWARD_PORT, DEBIAN.forwardPort()),
                intValue(host, SrsIniKeys.REVERSE_PORT, DEBIAN.reversePort()),
                host.ini().get(SrsIniKeys.DOMAIN).map(String::strip)
                        .filter(v -> !v.isEmpty() && SrsIniKeys.DOMAIN.type().accepts(v)).orElse(""));
    }

    private static int intValue(HostServices host, IniKey key, int fallback) {
        return host.ini().get(key).map(String::strip).filter(v -> key.type().accepts(v)).map(Integer::parseInt)
                .orElse(fallback);
    }

    /** The Postfix lookup table of the forward direction, e.g. {@code tcp:127.0.0.1:10001}. */
    public String forwardTable() {
        return "tcp:" + address + ":" + forwardPort;
    }

    /** The Postfix lookup table of the reverse direction, e.g. {@code tcp:127.0.0.1:10002}. */
    public String reverseTable() {
        return "tcp:" + address + ":" + reversePort;
    }

    /**
     * Asks postsrsd to rewrite an outside address and to rewrite the result back, as Postfix would.
     *
     * @return empty when both directions answer as they should; else what is wrong and what to do, in one sentence
     */
    public Optional<String> problem(Duration timeout) {
        String forward;
        try {
            forward = lookup(forwardPort, PROBE_ADDRESS, timeout);
        } catch (IOException e) {
            return Optional.of(notAnswering(forwardPort, e));
        }
        if (!forward.startsWith("200 ") || !decode(forward.substring(4)).regionMatches(true, 0, "SRS0", 0, 4)) {
            return Optional.of("postsrsd at " + address + ":" + forwardPort + " did not rewrite " + PROBE_ADDRESS
                    + " (it answered \"" + printable(forward) + "\"): is this port postsrsd's forward port"
                    + " (SRS_FORWARD_PORT in /etc/default/postsrsd)?");
        }
        String rewritten = decode(forward.substring(4));
        if (!domain.isEmpty() && !rewritten.toLowerCase(java.util.Locale.ROOT).endsWith("@" + domain.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of("postsrsd rewrites into " + rewritten.substring(rewritten.lastIndexOf('@') + 1)
                    + ", but panel.ini [mail] smarthost.postfix.srs.domain says " + domain
                    + ": set SRS_DOMAIN in /etc/default/postsrsd or the panel.ini key so that they agree");
        }
        String reverse;
        try {
            reverse = lookup(reversePort, rewritten, timeout);
        } catch (IOException e) {
            return Optional.of(notAnswering(reversePort, e));
        }
        if (!reverse.startsWith("200 ") || !decode(reverse.substring(4)).equalsIgnoreCase(PROBE_ADDRESS)) {
            return Optional.of("postsrsd at " + address + ":" + reversePort + " did not rewrite " + rewritten
                    + " back to " + PROBE_ADDRESS + " (it answered \"" + printable(reverse) + "\"): is this port"
                    + " postsrsd's reverse port (SRS_REVERSE_PORT in /etc/default/postsrsd)?");
        }
        return Optional.empty();
    }

    private String notAnswering(int port, IOException e) {
        return "postsrsd does not answer on " + address + ":" + port + " (" + e.getMessage() + "): forwarded mail"
                + " waits in the queue until it does; start it (Debian: systemctl enable --now postsrsd) or set"
                + " panel.ini [mail] smarthost.postfix.srs.forward_port and reverse_port to its ports";
    }

    /** One request of Postfix's tcp_table protocol: {@code get KEY}, answered {@code 200 VALUE}, {@code 500 ...}. */
    private String lookup(int port, String key, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(("get " + encode(key) + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (line == null) {
                throw new IOException("it closed the connection without an answer");
            }
            return line;
        }
    }

    /** tcp_table(5): characters up to space, {@code %} and above 126 travel as {@code %XX}. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 32 || c == '%' || c > 126) {
                out.append('%').append(String.format("%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    static String decode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }
}
