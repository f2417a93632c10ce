package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smarthost.core.relay.Scope;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request resolves its domain once and chooses the backend once: choosing probes the file system
 * ({@code MailBackend.detect()}). One update used to choose the backend five times (converge, the
 * take-over check, the inspection, the change, the validation) and look its domain up twice before the
 * backend read it.
 */
class OneResolutionPerCallTest {
    static final RelayValidator validator = TestValidator.get();

    @TempDir
    Path home;
    TestHostServices host;
    RecordingMailBackend backend;
    SmarthostService service;

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        host.domains().add("example.com", "alice", "example.net");
        host.domains().add("other.org", "bob");
        backend = RecordingMailBackend.full("postfix");
        service = FixedClockService.of(host, backend, validator);
    }

    static RelayInput relay(String key) {
        return RelayInput.builder().host("[smtp.sendgrid.net]:587").login("apikey", key).build();
    }

    @Test
    void updateDomainChoosesTheBackendOnceAndLooksTheDomainUpOnce() {
        int detectsBefore = backend.detectCalls();
        host.domains().clearLookups();

        service.updateDomain("example.com", relay("SG.one"));

        assertEquals(1, backend.detectCalls() - detectsBefore, "the backend is chosen once");
        // once by the service; once more by the desired state the backend reads while applying
        assertEquals(2, host.domains().lookups("example.com"));
        assertEquals(1, host.domains().lookups("example.net"), "the alias: by the desired state only");
    }

    @Test
    void anUpdateThatMeetsAHandEditStillChoosesTheBackendOnce() {
        backend.manualRelay(true);
        int detectsBefore = backend.detectCalls();
        host.domains().clearLookups();

        assertThrows(ConfirmationRequiredException.class, () -> service.updateDomain("example.com", relay("SG.one")));
        assertEquals(1, backend.detectCalls() - detectsBefore, "inspection and preview use the same choice");
        assertEquals(1, host.domains().lookups("example.com"));

        int again = backend.detectCalls();
        service.updateDomain("example.com", relay("SG.one"), Confirm.TAKE_OVER_MANUAL);
        assertEquals(1, backend.detectCalls() - again);
    }

    @Test
    void aBulkUpdateChoosesTheBackendOnceForAllDomains() {
        int detectsBefore = backend.detectCalls();
        host.domains().clearLookups();

        service.bulkUpdate(List.of("example.com", "other.org"), relay("SG.bulk"), Confirm.NONE);

        assertEquals(1, backend.detectCalls() - detectsBefore);
        assertEquals(2, host.domains().lookups("example.com"), "the service's and the desired state's");
        assertEquals(2, host.domains().lookups("other.org"));
    }

    @Test
    void previewAndDisableChooseTheBackendOnce() {
        service.updateDomain("example.com", relay("SG.one"));
        int detectsBefore = backend.detectCalls();
        service.preview(Scope.domain("example.com"), relay("SG.two"));
        assertEquals(1, backend.detectCalls() - detectsBefore);

        detectsBefore = backend.detectCalls();
        service.disableDomain("example.com");
        assertEquals(1, backend.detectCalls() - detectsBefore);
    }
}
