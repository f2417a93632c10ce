package io.smarthost.postfix;

import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.IniKeys;
import io.smarthost.panel.api.IniType;
import java.util.List;
import org.pf4j.Extension;

/** The {@code panel.ini [mail]} keys the Postfix backend reads ({@link PostfixSettings#fromHost}). */
@Extension
public final class PostfixIniKeys implements IniKeys {

    public static final IniKey CONFIG_DIRECTORY = IniKey.of(PostfixSettings.SECTION, PostfixSettings.CONFIG_DIRECTORY_KEY,
            new IniType.AbsolutePath(), "",
            "Postfix configuration folder to write; unset: the sandbox under the panel's home (/etc/postfix for the real one)");

    public static final IniKey COMMAND_DIRECTORY = IniKey.of(PostfixSettings.SECTION,
            PostfixSettings.COMMAND_DIRECTORY_KEY, new IniType.AbsolutePath(), PostfixSettings.DEFAULT_COMMAND_DIRECTORY,
            "folder of Postfix's postconf, postfix and postmap");

    public static final IniKey LOG = IniKey.of(PostfixSettings.SECTION, PostfixSettings.LOG_KEY, new LogSource(), "",
            "Postfix's log, read for delivery status: a file (e.g. /var/log/mail.log) or journal (journalctl);"
                    + " off: no delivery status (the pages say it is not available);"
                    + " unset: the instance's maillog_file, else /var/log/mail.log");

    /** Where the relay maps come from: hash files beside main.cf, or the panel's PostgreSQL database. */
    public static final IniKey MAPS = IniKey.of(PostfixSettings.SECTION, "smarthost.postfix.maps",
            new IniType.OneOf(List.of("files", "pgsql")), "files",
            "where Postfix reads the per-domain relay, transport and login maps: files (hash tables beside main.cf) or"
                    + " pgsql (pgsql: tables reading the panel's PostgreSQL database, for several Postfix nodes; read at start)");

    @Override
    public List<IniKey> keys() {
        List<IniKey> keys = new java.util.ArrayList<>(List.of(CONFIG_DIRECTORY, COMMAND_DIRECTORY, LOG, MAPS));
        keys.addAll(io.smarthost.postfix.srs.SrsIniKeys.ALL); // SRS: where postsrsd answers
        return List.copyOf(keys);
    }

    /** Whether {@code [mail] smarthost.postfix.maps = pgsql}. */
    public static boolean pgsqlMaps(io.smarthost.panel.api.services.HostServices host) {
        return host.ini().get(MAPS).map(String::strip).filter(v -> v.equalsIgnoreCase("pgsql")).isPresent();
    }

    /** An absolute file path, or {@code journal}. */
    record LogSource() implements IniType {
        @Override
        public boolean accepts(String value) {
            return value != null && (value.equals("journal") || value.equals(PostfixSettings.LOG_OFF)
                    || new IniType.AbsolutePath().accepts(value));
        }

        @Override
        public String allowed() {
            return "an absolute path of a log file (e.g. /var/log/mail.log), journal, off, or nothing for the default";
        }
    }
}
