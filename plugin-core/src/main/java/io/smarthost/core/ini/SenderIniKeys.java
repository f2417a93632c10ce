package io.smarthost.core.ini;

import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.IniKeys;
import java.util.List;
import org.pf4j.Extension;

/**
 * The {@code panel.ini [mail]} keys of per-sender relays (declared apart from {@link SmarthostIniKeys} so the
 * feature stays one block).
 *
 * @since 1.3
 */
@Extension
public final class SenderIniKeys implements IniKeys {

    public static final IniKey MAX_PER_DOMAIN = IniKey.integer(SmarthostIniKeys.MAIL, "smarthost.sender.max_per_domain",
            50, 1, 10_000, "sender addresses of one domain that may have a relay of their own");

    @Override
    public List<IniKey> keys() {
        return List.of(MAX_PER_DOMAIN);
    }
}
