package io.smarthost.postfix.inspect;

import io.smarthost.core.backend.DetectedRelay;
import io.smarthost.core.relay.Encryption;
import io.smarthost.postfix.maincf.MainCf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a relay set up by hand in main.cf ({@code relayhost} and its TLS and SASL settings) as the
 * relay form's fields, so that taking it over starts from what the admin wrote. The login name comes
 * from the hand-written password table when its text source is readable; the password never leaves it.
 */
final class HandRelay {

    /** Table types whose text source is the file named in main.cf (postmap(1) builds the rest beside it). */
    private static final Set<String> FILE_TABLES = Set.of("hash", "btree", "lmdb", "cdb", "dbm", "sdbm", "texthash");
    /** TLS levels that refuse to send without TLS; the last two also verify the certificate. */
    private static final Set<String> REQUIRED_TLS = Set.of("encrypt", "dane-only", "fingerprint", "verify", "secure");
    private static final Set<String> VERIFYING_TLS = Set.of("dane-only", "fingerprint", "verify", "secure");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** A password table larger than this is not read (a relay login table is a few lines). */
    private static final long MAX_TABLE = 1 << 20;

    private HandRelay() {
    }

    /**
     * The relay {@code relayhost} names, unless it is empty or the value the panel last wrote.
     *
     * @param ours      the panel's last {@code relayhost}, if any
     * @param configDir Postfix's {@code config_directory}, for tables named {@code $config_directory/...}
     */
    static Optional<DetectedRelay> read(MainCf mainCf, Optional<String> ours, Path configDir) {
        Optional<String> relayhost = mainCf.get("relayhost").map(String::strip).filter(v -> !v.isEmpty())
                .filter(v -> !ours.equals(Optional.of(v)));
        if (relayhost.isEmpty()) {
            return Optional.empty();
        }
        String destination = relayhost.get().split("[\\s,]+")[0];
        Optional<HostPort> hp = HostPort.parse(destination);
        if (hp.isEmpty()) {
            return Optional.empty();
        }
        boolean wrapper = yes(mainCf.get("smtp_tls_wrappermode"));
        String level = mainCf.get("smtp_tls_security_level").orElse("").strip().toLowerCase(Locale.ROOT);
        if (level.isEmpty() && yes(mainCf.get("smtp_enforce_tls"))) {
            level = "encrypt"; // the pre-2.3 form, still honoured
        }
        Encryption encryption = wrapper ? Encryption.TLS : REQUIRED_TLS.contains(level) ? Encryption.STARTTLS : Encryption.NONE;
        boolean verify = encryption == Encryption.NONE || VERIFYING_TLS.contains(level);
        boolean auth = yes(mainCf.get("smtp_sasl_auth_enable"));
        String username = auth ? username(mainCf.get("smtp_sasl_password_maps").orElse(""), destination, hp.get(), configDir)
                .orElse("") : "";
        return Optional.of(new DetectedRelay(hp.get().formHost(), hp.get().port(), encryption, verify, auth, username));
    }

    private static boolean yes(Optional<String> value) {
        return value.map(v -> v.strip().equalsIgnoreCase("yes")).orElse(false);
    }

    /** The login name of the first readable table entry for the relay: {@code key user:password}. */
    private static Optional<String> username(String tables, String destination, HostPort hp, Path configDir) {
        List<String> keys = List.of(destination, "[" + hp.host() + "]:" + hp.port(), hp.host(), "[" + hp.host() + "]");
        for (String table : tables.split("[\\s,]+")) {
            int colon = table.indexOf(':');
            if (colon < 0 || !FILE_TABLES.contains(table.substring(0, colon).toLowerCase(Locale.ROOT))) {
                continue;
            }
            String file = table.substring(colon + 1).replace("${config_directory}", configDir.toString())
                    .replace("$config_directory", configDir.toString());
            Optional<String> value = lookup(Path.of(file), keys);
            if (value.isPresent()) {
                String v = value.get();
                int sep = v.indexOf(':');
                return Optional.of(sep < 0 ? v : v.substring(0, sep));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> lookup(Path file, List<String> keys) {
        try {
            if (!file.isAbsolute() || !Files.isRegularFile(file) || Files.size(file) > MAX_TABLE) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String key : keys) {
                for (String line : lines) {
                    String[] kv = line.strip().split("\\s+", 2);
                    if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && kv.length == 2
                            && kv[0].equalsIgnoreCase(key)) {
                        return Optional.of(kv[1].strip());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable (permissions, encoding): the form leaves the user name for the admin to type
        }
        return Optional.empty();
    }

    /**
     * A Postfix next-hop: {@code host}, {@code host:port}, {@code [host]:port}, {@code [ipv6:addr]:port};
     * the port may be a service name ({@code submission}).
     */
    record HostPort(String host, boolean bracketed, int port) {

        static Optional<HostPort> parse(String text) {
            String host;
            String rest;
            boolean bracketed = text.startsWith("[");
            if (bracketed) {
                int close = text.indexOf(']');
                if (close < 0) {
                    return Optional.empty();
                }
                host = text.substring(1, close);
                rest = text.substring(close + 1);
                if (host.regionMatches(true, 0, "ipv6:", 0, 5)) {
                    host = host.substring(5);
                }
            } else {
                int colon = text.lastIndexOf(':');
                host = colon < 0 ? text : text.substring(0, colon);
                rest = colon < 0 ? "" : text.substring(colon);
            }
            int port = 25;
            if (!rest.isEmpty()) {
                String service = rest.substring(1).toLowerCase(Locale.ROOT);
                port = switch (service) {
                    case "smtp" -> 25;
                    case "submission" -> 587;
                    case "smtps", "submissions" -> 465;
                    default -> service.matches("\\d{1,5}") ? Integer.parseInt(service) : -1;
                };
            }
            return host.isEmpty() || port < 1 || port > 65535 ? Optional.empty() : Optional.of(new HostPort(host, bracketed, port));
        }

        /** As the relay form's host field: brackets around a name when MX lookup is off, IP addresses bare. */
        String formHost() {
            boolean literal = host.contains(":") || IPV4.matcher(host).matches();
            return bracketed && !literal ? "[" + host + "]" : host;
        }
    }
}
