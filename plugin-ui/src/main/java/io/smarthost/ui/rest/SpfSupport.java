package io.smarthost.ui.rest;

import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.service.RelayView;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.spf.ApplyOutcome;
import io.smarthost.core.spf.SpfService;
import io.smarthost.core.spf.SpfSettings;
import io.smarthost.core.spf.SpfStatus;
import io.smarthost.core.spf.SpfText;
import io.smarthost.panel.api.services.HostServices;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SPF for the API and the CLI: one {@link SpfService} per plugin run, kept in the plugin's context
 * (rebuilt when panel.ini's SPF settings change), the include each domain needs (its effective relay's
 * provider preset, or the one the caller names), and the JSON shapes of statuses and outcomes with texts
 * for people.
 */
public final class SpfSupport {

    private SpfSupport() {
    }

    /** @throws IllegalArgumentException when panel.ini's SPF resolver setting is wrong (names the key) */
    public static SpfService service(HostServices host) {
        return host.context().singleton(Current.class, Current::new).service(host);
    }

    /** The plugin's SPF service and the settings it was made with. */
    private static final class Current {
        private SpfSettings settings;
        private SpfService service;

        synchronized SpfService service(HostServices host) {
            SpfSettings wanted = SpfSettings.fromIni(host.ini());
            if (service == null || !wanted.equals(settings)) {
                service = SpfService.create(host);
                settings = wanted;
            }
            return service;
        }
    }

    /**
     * The include {@code domain} needs: {@code override} when given, else the provider preset of the relay
     * its mail goes through.
     *
     * @throws IllegalArgumentException ("include: ...") when none is known
     */
    public static String includeFor(HostServices host, String domain, Optional<String> override) {
        return includeFor(host, domain, override, example -> "include=" + example);
    }

    /**
     * {@link #includeFor(HostServices, String, Optional)} with the way the caller's readers name an include
     * ({@code include=X} in a query, {@code -include X} on the command line) for the hint.
     */
    public static String includeFor(HostServices host, String domain, Optional<String> override,
                                    java.util.function.UnaryOperator<String> naming) {
        if (override.isPresent()) {
            return override.get();
        }
        RelayView view = SmarthostRuntime.service(host).domain(domain);
        Optional<RelaySettings> relay = view.effective();
        if (relay.isEmpty()) {
            throw new IllegalArgumentException("include: mail of " + domain + " goes to the recipients directly (no relay);"
                    + " name the SPF include to check, e.g. " + naming.apply("sendgrid.net"));
        }
        return ProviderCatalog.builtIn().find(relay.get().provider()).map(p -> p.spfInclude())
                .filter(i -> !i.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("include: the relay of " + domain + " ("
                        + relay.get().relayDisplay() + ") is not a known provider preset, so its SPF include is unknown;"
                        + " name it, e.g. " + naming.apply("spf.relay.example")));
    }

    /** A problem found, with its text for people. */
    public record Problem(String code, boolean blocking, String message) {
    }

    /** {@link SpfStatus} for JSON, with texts for people. */
    public record Status(String domain, String include, String state, String stateText, String lookupOutcome,
                         List<String> publishedSpfRecords, int lookups, boolean lookupsComplete, boolean zoneServed,
                         String zoneState, List<String> zoneSpfRecords, String recordToPublish, String action,
                         String actionText, List<Problem> problems) {
        public static Status of(SpfStatus s, Locale locale) {
            SpfText t = SpfText.forLocale(locale);
            return new Status(s.domain(), s.include(), s.state().name(), t.state(s.state()), s.published().outcome().name(),
                    s.published().spfRecords(), s.lookups(), s.lookupsComplete(), s.zoneServed(),
                    s.zoneState().map(Enum::name).orElse(null), s.zoneSpfRecords(), s.recordToPublish().orElse(null),
                    s.action().name(), t.action(s.action()),
                    s.problems().stream().map(p -> new Problem(p.code().name(), p.code().blocking(), t.problem(p))).toList());
        }
    }

    /** {@link ApplyOutcome} for JSON, with texts for people. */
    public record Outcome(String target, String result, String resultText, String before, String after,
                          List<Problem> problems, String reason) {
        public static Outcome of(ApplyOutcome o, Locale locale) {
            SpfText t = SpfText.forLocale(locale);
            return new Outcome(o.target(), o.result().name(), t.result(o.result()), o.before().orElse(null),
                    o.after().orElse(null),
                    o.problems().stream().map(p -> new Problem(p.code().name(), p.code().blocking(), t.problem(p))).toList(),
                    o.reason());
        }
    }

    /** Statuses of the domains with a relay of their own, one page of them. */
    public record StatusPage(List<Status> items, List<String> withoutInclude, long total, int offset, int limit) {
    }
}
