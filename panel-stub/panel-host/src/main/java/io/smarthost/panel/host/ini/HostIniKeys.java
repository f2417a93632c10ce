package io.smarthost.panel.host.ini;

import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.IniKeys;
import io.smarthost.panel.api.IniType;
import java.util.List;
import org.pf4j.Extension;

/**
 * The keys the host itself reads, declared through the same extension point as plugins' keys: sections
 * {@code [web]}, {@code [database]}, {@code [security]}, {@code [panel]} and {@code [extensions]}. The home's
 * generated {@code panel.ini} lists each of them with its default ({@code IniSchemaTest} keeps them equal).
 */
@Extension
public final class HostIniKeys implements IniKeys {

    public static final IniKey BIND = IniKey.of("web", "bind", new IniType.Text(), "127.0.0.1",
            "address the web server listens on");
    public static final IniKey PORT = IniKey.integer("web", "port", 8880, 0, 65_535,
            "port the web server listens on (0: any free port)");
    public static final IniKey SESSION_MINUTES = IniKey.integer("web", "session_minutes", 60, 1, 7 * 24 * 60,
            "minutes of inactivity before a session ends");
    public static final IniKey MAX_BODY_KB = IniKey.integer("web", "max_body_kb", 1024, 1, 1_048_576,
            "largest request body in KB; a larger one is answered 413 before it is read");
    public static final IniKey DATABASE_URL = IniKey.of("database", "url", new IniType.Text(), "",
            "JDBC URL of a database server; unset: the embedded H2 database under data/");
    public static final IniKey DATABASE_USER = IniKey.of("database", "user", new IniType.Text(), "sa",
            "database user name");
    public static final IniKey DATABASE_PASSWORD = IniKey.of("database", "password", new IniType.Text(), "",
            "database password");
    public static final IniKey LOGIN_MAX_FAILURES = IniKey.integer("security", "login_max_failures", 5, 1, 100,
            "failed logins in a row before a login is locked");
    public static final IniKey LOGIN_LOCKOUT_SECONDS = IniKey.integer("security", "login_lockout_seconds", 30, 1, 86_400,
            "first lock time in seconds (doubles each time)");
    public static final IniKey BCRYPT_COST = IniKey.integer("security", "bcrypt_cost", 10, 4, 16,
            "bcrypt cost factor for new password hashes");
    public static final IniKey DEMO_DATA = IniKey.bool("panel", "demo_data", true,
            "create the demo customer and domains on first run");
    public static final IniKey REPOSITORIES = IniKey.of("extensions", "repositories", new IniType.Text(), "",
            "plugin catalogues (folders, plugins.json files or http(s) URLs), separated by commas");
    public static final IniKey CONNECT_TIMEOUT_SECONDS = IniKey.integer("extensions", "connect_timeout_seconds", 10, 1, 300,
            "seconds to connect to a catalogue");
    public static final IniKey READ_TIMEOUT_SECONDS = IniKey.integer("extensions", "read_timeout_seconds", 60, 1, 3600,
            "seconds to read a catalogue file");
    public static final IniKey MAX_SIZE_MB = IniKey.integer("extensions", "max_size_mb", 64, 1, 1024,
            "largest catalogue file in MB");
    public static final IniKey MAX_UNPACKED_MB = IniKey.integer("extensions", "max_unpacked_mb", 256, 1, 65_536,
            "largest plugin file once unpacked, in MB (also refused: a compression ratio over 100:1)");

    public static final List<IniKey> ALL = List.of(BIND, PORT, SESSION_MINUTES, MAX_BODY_KB, DATABASE_URL, DATABASE_USER,
            DATABASE_PASSWORD, LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_SECONDS, BCRYPT_COST, DEMO_DATA, REPOSITORIES,
            CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS, MAX_SIZE_MB,
            MAX_UNPACKED_MB);

    @Override
    public List<IniKey> keys() {
        return ALL;
    }
}
