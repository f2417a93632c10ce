package io.smarthost.postfix.srs;

import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.IniType;
import io.smarthost.postfix.PostfixSettings;
import java.util.List;

/** The {@code panel.ini [mail] smarthost.postfix.srs.*} keys: where postsrsd answers (see {@link SrsDaemon}). */
public final class SrsIniKeys {

    public static final IniKey FORWARD_PORT = IniKey.integer(PostfixSettings.SECTION, "smarthost.postfix.srs.forward_port",
            SrsDaemon.DEBIAN.forwardPort(), 1, 65535,
            "postsrsd's forward lookup port on 127.0.0.1 (SRS_FORWARD_PORT in /etc/default/postsrsd)");
    public static final IniKey REVERSE_PORT = IniKey.integer(PostfixSettings.SECTION, "smarthost.postfix.srs.reverse_port",
            SrsDaemon.DEBIAN.reversePort(), 1, 65535,
            "postsrsd's reverse lookup port on 127.0.0.1 (SRS_REVERSE_PORT in /etc/default/postsrsd)");
    public static final IniKey DOMAIN = IniKey.of(PostfixSettings.SECTION, "smarthost.postfix.srs.domain",
            new IniType.HostName(), "",
            "the SRS domain postsrsd rewrites into (SRS_DOMAIN; Debian's default: postconf -h mydomain);"
                    + " set: the health check makes sure postsrsd uses it; publish an SPF record for it");

    public static final List<IniKey> ALL = List.of(FORWARD_PORT, REVERSE_PORT, DOMAIN);

    private SrsIniKeys() {
    }
}
