package io.smarthost.panel.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What values a declared {@code panel.ini} key accepts. Values arrive stripped and unquoted. Apart from
 * {@link Bool}, {@link Int} and {@link OneOf}, an empty value means "unset" and is accepted (the default
 * applies).
 *
 * @since 1.0
 */
public interface IniType {

    boolean accepts(String value);

    /** What is allowed, for people (English): {@code a whole number from 1 to 120}. */
    String allowed();

    /** {@code true/false, on/off, yes/no, 1/0}, case-insensitive. */
    record Bool() implements IniType {
        /** The boolean {@code value} stands for; empty when it is none. */
        public static Optional<Boolean> parse(String value) {
            return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes", "1" -> Optional.of(true);
                case "false", "off", "no", "0" -> Optional.of(false);
                default -> Optional.empty();
            };
        }

        @Override
        public boolean accepts(String value) {
            return parse(value).isPresent();
        }

        @Override
        public String allowed() {
            return "true or false (also on/off, yes/no, 1/0)";
        }
    }

    /** A whole number within {@code [min, max]}. */
    record Int(int min, int max) implements IniType {
        public Int {
            if (min > max) {
                throw new IllegalArgumentException("min " + min + " is more than max " + max);
            }
        }

        @Override
        public boolean accepts(String value) {
            try {
                int n = Integer.parseInt(value.strip());
                return n >= min && n <= max;
            } catch (NumberFormatException | NullPointerException e) {
                return false;
            }
        }

        @Override
        public String allowed() {
            return "a whole number from " + min + " to " + max;
        }
    }

    /** One of a few words, case-insensitive. */
    record OneOf(List<String> values) implements IniType {
        public OneOf {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values: at least one");
            }
        }

        @Override
        public boolean accepts(String value) {
            return value != null && values.stream().anyMatch(v -> v.equalsIgnoreCase(value.strip()));
        }

        @Override
        public String allowed() {
            return "one of " + String.join(", ", values);
        }
    }

    /** Anything (names, JDBC URLs, lists the reader splits itself). */
    record Text() implements IniType {
        @Override
        public boolean accepts(String value) {
            return value != null;
        }

        @Override
        public String allowed() {
            return "any text";
        }
    }

    /** An absolute path: {@code /etc/postfix}, {@code C:\Program Files\...}. */
    record AbsolutePath() implements IniType {
        @Override
        public boolean accepts(String value) {
            return value != null && (value.isEmpty() || value.indexOf('\0') < 0
                    && (value.startsWith("/") || value.startsWith("\\\\") || value.matches("[A-Za-z]:[\\\\/].*")));
        }

        @Override
        public String allowed() {
            return "an absolute path (e.g. /etc/postfix), or nothing for the default";
        }
    }

    /** An {@code http://} or {@code https://} address with a host and no user name, query or fragment. */
    record HttpUrl() implements IniType {
        @Override
        public boolean accepts(String value) {
            if (value == null || value.isEmpty()) {
                return value != null;
            }
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                        && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        @Override
        public String allowed() {
            return "an http:// or https:// address with a host name and no user name, query or fragment"
                    + " (e.g. https://mail.example.com/), or nothing";
        }
    }

    /** A host name or IPv4 address: letters, digits, dots, hyphens. */
    record HostName() implements IniType {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

        @Override
        public boolean accepts(String value) {
            return value != null && (value.isEmpty() || NAME.matcher(value).matches());
        }

        @Override
        public String allowed() {
            return "a host name (letters, digits, dots, hyphens), or nothing for the default";
        }
    }

    /** {@code host[:port]}, {@code [IPv6]:port} or a bare IPv6 address; port 1-65535. */
    record HostPort() implements IniType {
        private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d{1,5}))?");
        private static final Pattern PLAIN = Pattern.compile("([A-Za-z0-9.-]+)(?::(\\d{1,5}))?");
        private static final Pattern BARE_IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

        @Override
        public boolean accepts(String value) {
            if (value == null || value.isEmpty()) {
                return value != null;
            }
            Matcher m = BRACKETED.matcher(value);
            if (!m.matches()) {
                m = PLAIN.matcher(value);
            }
            if (!m.matches()) {
                return BARE_IPV6.matcher(value).matches();
            }
            return m.group(2) == null || Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= 65535;
        }

        @Override
        public String allowed() {
            return "host[:port] or [IPv6]:port with a port from 1 to 65535 (e.g. 127.0.0.1:5353), or nothing for the default";
        }
    }

    /** Ports 1-65535 separated by commas or spaces. */
    record PortList() implements IniType {
        @Override
        public boolean accepts(String value) {
            if (value == null) {
                return false;
            }
            for (String token : value.split("[,\\s]+")) {
                if (!token.isEmpty() && !new Int(1, 65535).accepts(token)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String allowed() {
            return "ports from 1 to 65535 separated by commas (e.g. 2526, 10025), or nothing";
        }
    }
}
