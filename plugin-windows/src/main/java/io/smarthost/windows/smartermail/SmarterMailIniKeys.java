package io.smarthost.windows.smartermail;

import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.IniKeys;
import io.smarthost.panel.api.IniType;
import java.util.List;
import org.pf4j.Extension;

/**
 * The {@code panel.ini [mail]} keys the SmarterMail backend reads ({@link SmarterMailLogin}); the stored
 * login ({@code --smartermail-login}) wins over the URL and user name given here.
 */
@Extension
public final class SmarterMailIniKeys implements IniKeys {

    public static final IniKey URL = IniKey.of("mail", SmarterMailLogin.INI_URL, new IniType.HttpUrl(), "",
            "SmarterMail web service address, e.g. https://mail.example.com/");
    public static final IniKey USERNAME = IniKey.of("mail", SmarterMailLogin.INI_USERNAME, new IniType.Text(), "",
            "SmarterMail administrator login name");
    public static final IniKey TIMEOUT = IniKey.integer("mail", SmarterMailLogin.INI_TIMEOUT, 15, 1, 300,
            "seconds per SmarterMail request");

    @Override
    public List<IniKey> keys() {
        return List.of(URL, USERNAME, TIMEOUT);
    }
}
