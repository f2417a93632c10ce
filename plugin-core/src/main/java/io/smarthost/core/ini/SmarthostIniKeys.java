package io.smarthost.core.ini;

import io.smarthost.core.backend.BackendSelector;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.spf.SpfSettings;
import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.IniKeys;
import io.smarthost.panel.api.IniType;
import io.smarthost.panel.api.services.HostServices;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * The {@code panel.ini [mail]} keys of the smarthost feature that plugin-core and plugin-ui read
 * (plugin-postfix and plugin-windows declare their own). Readers use these constants, so the default
 * a reader applies is the declared one; the host reports unknown {@code [mail]} keys and refused values.
 * {@code smarthost.backend} takes {@code auto} or the id of an installed backend ({@link #backend}), so its
 * declaration is made from the plugin's {@link MailBackend} extensions, once.
 */
@Extension
public final class SmarthostIniKeys implements IniKeys {

    static final String MAIL = BackendSelector.INI_SECTION;

    public static final IniKey SERVER_ENABLED = IniKey.bool(MAIL, "smarthost.server.enabled", true,
            "show the server level (Tools & Settings > Mail > Smarthost); false hides it everywhere");
    public static final IniKey DOMAIN_ENABLED = IniKey.bool(MAIL, "smarthost.domain.enabled", true,
            "show the domain level and the Smarthosts list; false hides them everywhere");
    public static final IniKey DOMAIN_CUSTOMERS = IniKey.bool(MAIL, "smarthost.domain.customers", true,
            "customers may give their own domains a smarthost unless denied one by one "
            + "(panel bin user --update NAME -smarthost-domains false); false: only customers allowed one by one");
    public static final IniKey ALLOW_UNTRUSTED_CERTIFICATE = IniKey.bool(MAIL, "smarthost.allowUntrustedCertificate", false,
            "Check connection passes with a warning when the relay's certificate is not trusted");
    public static final IniKey CHECK_CONNECT_TIMEOUT = IniKey.integer(MAIL, "smarthost.check.connect_timeout", 10, 1, 120,
            "seconds for the TCP connection of a check");
    public static final IniKey CHECK_BANNER_TIMEOUT = IniKey.integer(MAIL, "smarthost.check.banner_timeout", 10, 1, 300,
            "seconds to wait for the relay's greeting and each reply");
    public static final IniKey CHECK_TOTAL_TIMEOUT = IniKey.integer(MAIL, "smarthost.check.total_timeout", 30, 5, 600,
            "seconds for a whole check");
    public static final IniKey CHECK_HELO_NAME = IniKey.of(MAIL, "smarthost.check.helo_name", new IniType.HostName(), "",
            "name sent in EHLO; unset: this machine's host name");
    public static final IniKey CHECK_CUSTOMER_PORTS = IniKey.of(MAIL, "smarthost.check.customer_ports", new IniType.PortList(), "",
            "ports customers may check besides 25, 465, 587 and 2525");
    public static final IniKey CHECK_CUSTOMER_RATE = IniKey.integer(MAIL, "smarthost.check.customer_rate", 5, 1, 600,
            "checks a minute per customer");
    public static final IniKey SPF_RESOLVER = IniKey.of(MAIL, SpfSettings.RESOLVER_KEY, new IniType.HostPort(), "",
            "DNS resolver for SPF checks; unset: the system's");
    public static final IniKey SPF_TIMEOUT_MS = IniKey.integer(MAIL, SpfSettings.TIMEOUT_KEY, 3000, 100, 60_000,
            "milliseconds per SPF query");

    /** Every key but {@code smarthost.backend}, whose allowed values depend on the installed backends. */
    public static final List<IniKey> FIXED = List.of(SERVER_ENABLED, DOMAIN_ENABLED, DOMAIN_CUSTOMERS, ALLOW_UNTRUSTED_CERTIFICATE,
            CHECK_CONNECT_TIMEOUT, CHECK_BANNER_TIMEOUT, CHECK_TOTAL_TIMEOUT, CHECK_HELO_NAME, CHECK_CUSTOMER_PORTS,
            CHECK_CUSTOMER_RATE, SPF_RESOLVER, SPF_TIMEOUT_MS);

    private final HostServices host;
    private volatile List<IniKey> keys;

    public SmarthostIniKeys(HostServices host) {
        this.host = host;
    }

    /** {@code smarthost.backend}: {@code auto} or one of {@code backends}' ids ({@link BackendSelector#choices}). */
    public static IniKey backend(List<MailBackend> backends) {
        return IniKey.oneOf(MAIL, BackendSelector.INI_KEY, BackendSelector.AUTO, BackendSelector.choices(backends),
                "mail server to configure; auto: the first one this machine has");
    }

    /** The keys, {@code smarthost.backend} third; made on the first call (the installed backends do not change while the plugin runs). */
    @Override
    public List<IniKey> keys() {
        List<IniKey> made = keys;
        if (made == null) {
            List<IniKey> all = new ArrayList<>(FIXED);
            all.add(2, backend(BackendSelector.inPreferenceOrder(host.extensions(MailBackend.class))));
            made = List.copyOf(all);
            keys = made;
        }
        return made;
    }
}
