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

    @Override
    public List<IniKey> keys() {
        return List.of(CONFIG_DIRECTORY, COMMAND_DIRECTORY);
    }
}
