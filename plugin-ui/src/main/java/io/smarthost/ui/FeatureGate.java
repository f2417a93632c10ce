package io.smarthost.ui;

import io.smarthost.core.ini.SmarthostIniKeys;
import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.services.HostServices;

/**
 * Whether the smarthost feature is visible, read afresh on every call so that editing
 * {@code panel.ini} or toggling restricted mode takes effect at once, without reinstalling.
 *
 * <ul>
 *   <li>{@code [mail] smarthost.server.enabled = false} hides the server level (server pages, server
 *       API routes and server CLI commands).</li>
 *   <li>{@code [mail] smarthost.domain.enabled = false} hides the domain level and the Smarthosts list.</li>
 *   <li>The panel's restricted mode hides both, for everyone.</li>
 *   <li>A customer denied {@code smarthost-domains} ({@link SmarthostPermission}) does not see the domain level.</li>
 * </ul>
 * Hidden means absent: menu items return not visible, and the page and REST extensions of each level
 * answer it through their {@code visible} hook, the CLI through {@code hidden} ({@code cli.CommandLevel}),
 * so the host answers 404, or refuses the command with a message saying which switch hides it, before
 * any of their code runs. A switch that is not a boolean (e.g. {@code ture}) is reported by the host and
 * its declared default (visible) applies.
 */
public final class FeatureGate {
    private final HostServices host;

    public FeatureGate(HostServices host) {
        this.host = host;
    }

    public boolean serverLevel() {
        return !host.settings().restrictedMode() && host.ini().getBoolean(SmarthostIniKeys.SERVER_ENABLED);
    }

    public boolean domainLevel() {
        return !host.settings().restrictedMode() && host.ini().getBoolean(SmarthostIniKeys.DOMAIN_ENABLED);
    }

    /**
     * The domain level for the reader of {@code context}: visible, and for a customer allowed to them
     * ({@link SmarthostPermission}: their own setting, else {@code smarthost.domain.customers}).
     */
    public boolean domainLevel(RequestContext context) {
        return domainLevel() && (context.user().isAdmin() || customerMayUseDomainRelays(context.user().login()));
    }

    /** Whether customer {@code login} may give their domains a relay of their own (the switches aside). */
    public boolean customerMayUseDomainRelays(String login) {
        return host.settings().customerPermission(login, SmarthostPermission.NAME)
                .orElseGet(() -> host.ini().getBoolean(SmarthostIniKeys.DOMAIN_CUSTOMERS));
    }

    /** Whether anything of the feature is visible (the routes and commands that concern it as a whole). */
    public boolean someLevel() {
        return serverLevel() || domainLevel();
    }

    /** For the CLI: why the server level is hidden, or empty text when it is visible. */
    public String serverHiddenReason() {
        return reason(SmarthostIniKeys.SERVER_ENABLED);
    }

    /** For the CLI: why the domain level is hidden, or empty text when it is visible. */
    public String domainHiddenReason() {
        return reason(SmarthostIniKeys.DOMAIN_ENABLED);
    }

    private String reason(IniKey key) {
        if (host.settings().restrictedMode()) {
            return "the panel is in restricted mode, which hides the smarthost feature "
                    + "(panel bin settings --set restricted_mode=false to leave it)";
        }
        if (!host.ini().getBoolean(key)) {
            return "this level is turned off in panel.ini (" + key.label() + " = false)";
        }
        return "";
    }
}
