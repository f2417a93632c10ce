package io.smarthost.core.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smarthost.core.backend.BackendSelector;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.check.CheckPolicy;
import io.smarthost.core.spf.SpfSettings;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.testkit.MapPanelIni;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        List<MailBackend> installed = List.of(RecordingMailBackend.full("postfix"), RecordingMailBackend.full("smartermail"));
        for (String backend : BackendSelector.choices(installed)) {
            assertEquals(true, SmarthostIniKeys.backend(installed).type().accepts(backend), backend);
        }
        assertEquals(false, SmarthostIniKeys.backend(installed).type().accepts("mailenable"), "not installed");
    }

    @Test
    void everyKeyIsInMailAndNamedSmarthost(@TempDir Path home) {
        List<IniKey> keys = new SmarthostIniKeys(new TestHostServices(home)).keys();
        keys.forEach(k -> {
            assertEquals("mail", k.section(), k.label());
            assertEquals(true, k.name().startsWith("smarthost."), k.label());
        });
        assertEquals(SmarthostIniKeys.FIXED.size() + 1, keys.size());
        assertEquals(true, keys.containsAll(SmarthostIniKeys.FIXED));
    }

    /** Issue 13: the values of smarthost.backend are the installed backends' ids, in their order, not a list in the core. */
    @Test
    void theBackendKeyOffersTheInstalledBackendsInTheirOrder() {
        List<MailBackend> installed = BackendSelector.inPreferenceOrder(List.of(RecordingMailBackend.full("zeta").order(50),
                RecordingMailBackend.full("postfix").order(100), RecordingMailBackend.full("alpha")));
        IniKey key = SmarthostIniKeys.backend(installed);
        assertEquals("smarthost.backend", key.name());
        assertEquals("auto", key.defaultValue());
        assertEquals("one of auto, zeta, postfix, alpha", key.type().allowed());
    }
}
