package io.smarthost.ui;

import io.smarthost.core.authrec.ApplyResult;
import io.smarthost.core.authrec.AuthRecord;
import io.smarthost.core.authrec.AuthRecordKinds;
import io.smarthost.core.authrec.AuthRecordRules;
import io.smarthost.core.authrec.AuthRecordService;
import io.smarthost.core.authrec.AuthRecordText;
import io.smarthost.core.authrec.AuthRecordType;
import io.smarthost.core.authrec.RecordCheck;
import io.smarthost.core.authrec.ZoneRecord;
import io.smarthost.core.provider.Provider;
import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.spf.RelayIncludes;
import io.smarthost.core.spf.SpfSettings;
import io.smarthost.panel.api.services.HostServices;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Domain-authentication records for the pages, the API and the CLI (the REST input rules are in
 * {@code io.smarthost.ui.rest.AuthRecordSupport}): one {@link AuthRecordService} per
 * plugin run (rebuilt when panel.ini's DNS check settings change, the same as the SPF check's), which
 * relay service a domain's records are for, and the JSON shapes with texts for people.
 */
public final class AuthRecords {

    private AuthRecords() {
    }

    /** @throws IllegalArgumentException when panel.ini's SPF resolver setting is wrong (names the key) */
    public static AuthRecordService service(HostServices host) {
        return host.context().singleton(Current.class, Current::new).service(host);
    }

    /** The plugin's service and the settings it was made with. */
    private static final class Current {
        private SpfSettings settings;
        private AuthRecordService service;

        synchronized AuthRecordService service(HostServices host) {
            SpfSettings wanted = SpfSettings.fromIni(host.ini());
            if (service == null || !wanted.equals(settings)) {
                service = AuthRecordService.create(host);
                settings = wanted;
            }
            return service;
        }
    }

    /**
     * The relay service the records of {@code domain} are for: {@code named} when given (a preset id or
     * {@code custom}), else the preset of the relay that carries its mail, else the one they were saved
     * for, else {@code custom}.
     *
     * @throws IllegalArgumentException ("provider: ...") when {@code named} is not a known id
     */
    public static String providerFor(HostServices host, String domain, Optional<String> named) {
        if (named.isPresent()) {
            String id = named.get().strip();
            if (!ProviderCatalog.builtIn().isKnown(id)) {
                throw new IllegalArgumentException("provider: \"" + id.replaceAll("\\p{Cntrl}", "?") + "\" is not a relay service preset;"
                        + " use one of " + String.join(", ", ProviderCatalog.builtIn().all().stream().map(Provider::id).toList())
                        + " or " + ProviderCatalog.CUSTOM);
            }
            return id;
        }
        Optional<String> relay = SmarthostRuntime.service(host).domain(domain).effective()
                .flatMap(RelayIncludes::preset).map(Provider::id);
        if (relay.isPresent()) {
            return relay.get();
        }
        String stored = service(host).records(domain).provider();
        return stored.isEmpty() ? ProviderCatalog.CUSTOM : stored;
    }

    /** The service's name for people ("SendGrid"); for a relay that is not a preset, "your relay service" in the reader's language. */
    public static String serviceName(String providerId, Locale locale) {
        return ProviderCatalog.builtIn().find(providerId).map(Provider::name)
                .orElseGet(() -> AuthRecordText.forLocale(locale).get("authrec.customService"));
    }

    /** One record with its state in the panel's zone. */
    public record Row(String name, String type, String value, String zoneState, String zoneStateText, List<String> existing,
                      boolean replaceable) {
        static Row of(ZoneRecord z, AuthRecordText t) {
            return new Row(z.record().name(), z.record().type().name(), z.record().value(), z.state().name(),
                    t.zone(z.state()), z.existing(), z.replaceable());
        }
    }

    /** The domain's records ({@code GET}). */
    public record Records(String domain, String provider, String providerName, List<String> providerTypes, String providerHint,
                          boolean zoneServed, int maxRecords, List<Row> records) {
        public static Records of(HostServices host, String domain, Locale locale) {
            AuthRecordService s = service(host);
            String provider = providerFor(host, domain, Optional.empty());
            AuthRecordText t = AuthRecordText.forLocale(locale);
            List<String> types = AuthRecordKinds.allowed(provider).stream().map(AuthRecordType::name).sorted().toList();
            return new Records(domain, provider, serviceName(provider, locale), types, t.providerHint(provider),
                    host.dns().servesZone(domain), AuthRecordRules.MAX_RECORDS,
                    s.zone(domain).stream().map(z -> Row.of(z, t)).toList());
        }
    }

    /** One record as DNS publishes it now. */
    public record Live(String name, String type, String value, String state, String stateText, List<String> found, String reason) {
        static Live of(RecordCheck c, AuthRecordText t) {
            AuthRecord r = c.record();
            return new Live(r.name(), r.type().name(), r.value(), c.state().name(), t.live(c.state()), c.found(), c.reason());
        }
    }

    /** The live check of every record ({@code GET .../check}); {@code allPublished} only when there are records and all are found. */
    public record Check(String domain, boolean allPublished, List<Live> records) {
        public static Check of(String domain, List<RecordCheck> checks, Locale locale) {
            AuthRecordText t = AuthRecordText.forLocale(locale);
            return new Check(domain, !checks.isEmpty() && checks.stream().allMatch(c -> c.state() == RecordCheck.State.FOUND),
                    checks.stream().map(c -> Live.of(c, t)).toList());
        }
    }

    /** What apply did with one record. */
    public record Result(String name, String type, String value, String result, String resultText, List<String> existing,
                         String reason) {
        static Result of(ApplyResult a, AuthRecordText t) {
            AuthRecord r = a.record();
            return new Result(r.name(), r.type().name(), r.value(), a.result().name(), t.result(a.result()), a.existing(), a.reason());
        }
    }

    /** Apply's answer; {@code conflicts} counts the records left as they were because of other records at their name. */
    public record Applied(String domain, int conflicts, List<Result> results) {
        public static Applied of(String domain, List<ApplyResult> results, Locale locale) {
            AuthRecordText t = AuthRecordText.forLocale(locale);
            return new Applied(domain, (int) results.stream().filter(a -> a.result() == ApplyResult.Result.CONFLICT).count(),
                    results.stream().map(a -> Result.of(a, t)).toList());
        }
    }
}
