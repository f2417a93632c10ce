package io.smarthost.core.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.service.Confirm;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which include a relay stands for: the custom one typed for its scope, else its provider preset's. */
class RelayIncludesTest {
    static final RelayValidator validator = TestValidator.get();

    @TempDir
    Path home;
    TestHostServices host;
    SmarthostService service;
    RelayIncludes includes;

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        host.domains().add("example.com", "alice");
        host.domains().add("other.org", "bob");
        service = new SmarthostService(host, List.of(RecordingMailBackend.full("postfix")), validator,
                Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));
        includes = new RelayIncludes(host.store(), service);
    }

    static RelayInput sendgrid() {
        return RelayInput.builder().host("[smtp.sendgrid.net]:587").login("apikey", "SG.key").provider("sendgrid").build();
    }

    static RelayInput custom() {
        return RelayInput.builder().host("[relay.example.net]:587").login("user", "secret").build();
    }

    @Test
    void aPresetRelayNeedsItsProvidersInclude() {
        service.updateDomain("example.com", sendgrid());
        assertEquals(Optional.of("sendgrid.net"), includes.neededBy("example.com"));
    }

    @Test
    void aPresetIsFoundByItsHostWhenNoProviderWasNamed() {
        service.updateDomain("example.com", RelayInput.builder().host("[smtp.sendgrid.net]:587")
                .login("apikey", "SG.key").build());
        assertEquals(Optional.of("sendgrid.net"), includes.neededBy("example.com"));
    }

    @Test
    void aCustomRelayNeedsTheIncludeTypedForItsScope() {
        service.updateDomain("example.com", custom());
        assertEquals(Optional.empty(), includes.neededBy("example.com"), "nothing known yet");
        assertEquals(Optional.of("spf.relay.example.net"), includes.setCustom("example.com", "include:SPF.Relay.Example.NET."));
        assertEquals(Optional.of("spf.relay.example.net"), includes.custom("example.com"), "stored normalised");
        assertEquals(Optional.of("spf.relay.example.net"), includes.neededBy("example.com"));
    }

    @Test
    void aDomainFollowingTheServerRelayNeedsTheServersInclude() {
        service.updateServer(custom(), Confirm.NONE);
        includes.setCustom("server", "spf.relay.example.net");
        includes.setCustom("other.org", "never.example.org");
        assertEquals(Optional.of("spf.relay.example.net"), includes.neededBy("other.org"));
    }

    @Test
    void aDomainWithoutRelayNeedsNoInclude() {
        assertEquals(Optional.empty(), includes.neededBy("example.com"));
    }

    @Test
    void theStoredIncludeOutlivesDisablingTheRelay() {
        service.updateDomain("example.com", sendgrid());
        service.disableDomain("example.com");
        assertEquals(Optional.empty(), includes.neededBy("example.com"), "no longer needed");
        assertEquals(Optional.of("sendgrid.net"), includes.stored("example.com"), "but still the one it had");
    }

    @Test
    void blankDeletesTheCustomInclude() {
        includes.setCustom("server", "spf.relay.example.net");
        assertEquals(Optional.empty(), includes.setCustom("server", "  "));
        assertEquals(Optional.empty(), host.store().get(RelayIncludes.CUSTOM_KEY + "server"));
    }

    @Test
    void refusesAnIncludeThatIsNotADomainNameAndKeepsTheOldOne() {
        includes.setCustom("server", "spf.relay.example.net");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> includes.setCustom("server", "no dots here"));
        assertTrue(e.getMessage().contains("is not a domain name"), e.getMessage());
        assertEquals(Optional.of("spf.relay.example.net"), includes.custom("server"));
    }

    @Test
    void customIncludesKeepTheirStoreKeys() {
        // stored by earlier versions under the same keys: they must still be found
        host.store().inTransaction(tx -> {
            tx.put("ui.spf.include.example.com", "spf.old.example");
            return null;
        });
        service.updateDomain("example.com", custom());
        assertEquals(Optional.of("spf.old.example"), includes.neededBy("example.com"));
    }

    /** A page of the Smarthosts list reads its rows' custom includes together: the same as one by one. */
    @Test
    void customIncludesOfManyScopesAreReadTogetherLikeOneByOne() {
        includes.setCustom("example.com", "_spf.relay.example.net");
        includes.setCustom("server", "spf.server.example");
        var read = includes.customs(List.of("example.com", "other.org", "server", "missing.example"));
        assertEquals(java.util.Map.of("example.com", "_spf.relay.example.net", "server", "spf.server.example"), read);
        for (String scope : List.of("example.com", "other.org", "server", "missing.example")) {
            assertEquals(includes.custom(scope), Optional.ofNullable(read.get(scope)), scope);
        }
    }
}
