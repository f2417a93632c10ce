package io.smarthost.core.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smarthost.core.backend.BackendSelector;
import io.smarthost.core.check.CheckPolicy;
import io.smarthost.core.spf.SpfSettings;
import io.smarthost.panel.testkit.MapPanelIni;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The declared [mail] keys say what the readers really do: same defaults, same values accepted. */
class SmarthostIniKeysTest {

    @Test
    void anEmptyPanelIniGivesTheReadersDocumentedDefaults() {
        CheckPolicy read = CheckPolicy.fromIni(new MapPanelIni());
        CheckPolicy defaults = CheckPolicy.defaults();
        assertEquals(List.of(defaults.connectTimeout(), defaults.bannerTimeout(), defaults.totalTimeout(),
                        defaults.allowUntrustedCertificate(), defaults.heloName(), defaults.customerPorts(),
                        defaults.domainLevelEnabled(), defaults.customerChecksPerMinute()),
                List.of(read.connectTimeout(), read.bannerTimeout(), read.totalTimeout(), read.allowUntrustedCertificate(),
                        read.heloName(), read.customerPorts(), read.domainLevelEnabled(), read.customerChecksPerMinute()));
        assertEquals(SpfSettings.defaults(), SpfSettings.fromIni(new MapPanelIni()));
    }

    @Test
    void theDeclaredTypesAcceptWhatTheReadersAccept() {
        for (String value : List.of("127.0.0.1", "127.0.0.1:5353", "[::1]:53", "::1", "dns.example", "dns.example:70000",
                "host:port", "a b", "[::1]:0", "1.2.3.4:")) {
            boolean parses;
            try {
                SpfSettings.parseResolver(value);
                parses = true;
            } catch (IllegalArgumentException e) {
                parses = false;
            }
            assertEquals(parses, SmarthostIniKeys.SPF_RESOLVER.type().accepts(value), value);
        }
        for (String backend : BackendSelector.KNOWN) {
            assertEquals(true, SmarthostIniKeys.BACKEND.type().accepts(backend), backend);
        }
    }

    @Test
    void everyKeyIsInMailAndNamedSmarthost() {
        SmarthostIniKeys.ALL.forEach(k -> {
            assertEquals("mail", k.section(), k.label());
            assertEquals(true, k.name().startsWith("smarthost."), k.label());
        });
        assertEquals(SmarthostIniKeys.ALL, new SmarthostIniKeys().keys());
    }
}
