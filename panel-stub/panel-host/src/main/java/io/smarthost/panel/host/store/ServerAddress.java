package io.smarthost.panel.host.store;

import io.smarthost.panel.api.services.DatabaseServer;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host, port and database of a {@code jdbc:postgresql://HOST[:PORT]/DB[?...]} URL (what plugins are told). */
final class ServerAddress {

    private static final Pattern POSTGRESQL = Pattern.compile(
            "jdbc:postgresql://(\\[[0-9A-Fa-f:.]+\\]|[^/:?,]+)(?::(\\d{1,5}))?/([^?/]+)(?:\\?.*)?");

    private ServerAddress() {
    }

    /** Empty for any other URL (H2, several hosts, no database named). */
    static Optional<DatabaseServer> of(String url, String user) {
        Matcher m = url == null ? null : POSTGRESQL.matcher(url);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        return Optional.of(new DatabaseServer("postgresql", host, port, m.group(3), user == null ? "" : user));
    }
}
