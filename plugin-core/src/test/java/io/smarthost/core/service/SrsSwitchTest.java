package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server-wide SRS switch in the service: stored, applied as a server change, refused or taken back. */
class SrsSwitchTest {
    static final RelayValidator validator = TestValidator.get();

    @TempDir
    Path home;
    TestHostServices host;

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        host.domains().add("example.com", "alice");
    }

    static RecordingMailBackend withSrs(boolean srs) {
        return new RecordingMailBackend("postfix", new Capabilities(true, true, true, Set.of(Encryption.values()), true,
                true, List.of()).withSrs(srs));
    }

    SmarthostService service(RecordingMailBackend backend) {
        return new SmarthostService(host, List.of(backend), validator, Clock.systemUTC());
    }

    @Test
    void turningOnIsStoredAppliedAsAServerChangeAndLogged() {
        RecordingMailBackend backend = withSrs(true);
        SmarthostService service = service(backend);
        assertFalse(service.srs());
        service.updateSrs(true);
        assertTrue(service.srs());
        assertEquals(ChangeSet.serverOnly(), backend.applies().get(backend.applies().size() - 1).changes());
        assertTrue(host.actionLog().entries().stream().anyMatch(e -> e.action().equals("smarthost.srs.on")));
        int applies = backend.applies().size();
        service.updateSrs(true);
        assertEquals(applies, backend.applies().size(), "already on: nothing to apply");
        service.updateSrs(false);
        assertFalse(service.srs());
    }

    @Test
    void aBackendWithoutSrsIsRefusedNamingTheFieldAndNothingIsStored() {
        RecordingMailBackend backend = withSrs(false);
        SmarthostService service = service(backend);
        RelayValidationException e = assertThrows(RelayValidationException.class, () -> service.updateSrs(true));
        assertEquals("srs", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("Postfix"), e.errors().get(0).message());
        assertFalse(service.srs());
        assertTrue(backend.applies().isEmpty());
    }

    @Test
    void whenTheMailServerRefusesSrsStaysOff() {
        RecordingMailBackend backend = withSrs(true).failAt("srs");
        SmarthostService service = service(backend);
        RelayApplyException e = assertThrows(RelayApplyException.class, () -> service.updateSrs(true));
        assertEquals("srs", e.step());
        assertTrue(e.nothingChanged());
        assertFalse(service.srs(), "taken back in the store");
    }

    @Test
    void aNewDomainWhileSrsIsOnIsAppliedSoThatItsSendersAreLeftAlone() {
        RecordingMailBackend backend = withSrs(true);
        SmarthostService service = service(backend);
        var created = host.domains().add("new.example", "alice");
        service.domainCreated(created);
        assertEquals(0, backend.applies().size(), "SRS off: a new domain without relay costs no apply");
        service.updateSrs(true);
        var another = host.domains().add("another.example", "alice");
        service.domainCreated(another);
        assertEquals(ChangeSet.serverOnly(), backend.applies().get(backend.applies().size() - 1).changes());
    }
}
