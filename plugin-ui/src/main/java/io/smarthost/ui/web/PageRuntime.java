package io.smarthost.ui.web;

import io.smarthost.core.check.ConnectionChecker;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.spf.SpfService;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.PluginContext;
import io.smarthost.ui.FeatureGate;
import io.smarthost.ui.SmarthostChecks;
import java.util.Locale;

/**
 * What the smarthost pages of one plugin run share: the core service, the visibility switches,
 * the plugin's one {@link ConnectionChecker} ({@link SmarthostChecks}), the SPF service
 * and the short-lived store of passwords typed into a form that has to be shown again.
 *
 * <p>Kept in the plugin's {@link PluginContext}, like the service ({@link SmarthostRuntime}): a plugin
 * started again starts with a new one (and no password kept from before).
 */
public final class PageRuntime {
    private final HostServices host;
    private final FeatureGate gate;
    private final PendingSecrets pending = new PendingSecrets();
    private SpfService spf;

    private PageRuntime(HostServices host) {
        this.host = host;
        this.gate = new FeatureGate(host);
    }

    static PageRuntime of(HostServices host) {
        return host.context().singleton(PageRuntime.class, () -> new PageRuntime(host));
    }

    HostServices host() {
        return host;
    }

    SmarthostService service() {
        return SmarthostRuntime.service(host);
    }

    FeatureGate gate() {
        return gate;
    }

    PendingSecrets pending() {
        return pending;
    }

    /** The plugin's one checker, shared with the REST API and the CLI (one rate limiter for all). */
    ConnectionChecker checker() {
        return SmarthostChecks.checker(host);
    }

    /** The SPF service; created on first use (reads the resolver from panel.ini). */
    synchronized SpfService spf() {
        if (spf == null) {
            spf = SpfService.create(host);
        }
        return spf;
    }

    RequestContext request() {
        return host.currentRequest().orElseThrow(() -> new IllegalStateException("no request on this thread"));
    }

    Locale locale() {
        return host.currentRequest().map(r -> r.user().locale()).orElse(Locale.ENGLISH);
    }

    String text(String key, Object... args) {
        return host.messages().get(locale(), key, args);
    }

    /** The catalogue's and backends' English texts in the request's language. */
    CatalogTexts catalogTexts() {
        return new CatalogTexts(host.messages(), locale());
    }

    /**
     * A count text: {@code key.one} or {@code key.other} of the bundle, filled with {@code count} then
     * {@code more}. The host's messages fill {0} literally (no MessageFormat choice), so the plural
     * form is chosen here: French counts 0 and 1 as singular, English only 1.
     */
    String plural(String key, long count, Object... more) {
        Object[] args = new Object[more.length + 1];
        args[0] = count(count);
        System.arraycopy(more, 0, args, 1, more.length);
        return text(key + (singular(locale(), count) ? ".one" : ".other"), args);
    }

    /** A count as the reader writes numbers: 10,024 in English, 10 024 in French (a narrow no-break space). */
    String count(long count) {
        return count(locale(), count);
    }

    static String count(Locale locale, long count) {
        return java.text.NumberFormat.getIntegerInstance(locale).format(count);
    }

    static boolean singular(Locale locale, long count) {
        return "fr".equals(locale.getLanguage()) ? count == 0 || count == 1 : count == 1;
    }
}
