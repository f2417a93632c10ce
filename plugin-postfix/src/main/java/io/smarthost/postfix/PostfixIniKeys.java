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

    @Override
    public List<IniKey> keys() {
        return List.of(CONFIG_DIRECTORY, COMMAND_DIRECTORY, LOG);
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
