package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single-domain call (not a list) must not carry a list index: REST would answer field "domains[0]". */
class OneDomainRefusalTest {
    @TempDir
    Path home;

    @Test
    void disableDomainOfOneNameIsNotAList() {
        TestHostServices host = new TestHostServices(home);
        host.domains().add("a.example", "alice");
        SmarthostService service = FixedClockService.of(host, RecordingMailBackend.full("postfix"), TestValidator.get());

        // updateDomain (the same kind of call) answers with no index ...
        UnknownDomainException update = assertThrows(UnknownDomainException.class,
                () -> service.updateDomain("nowhere.example", RelayInput.builder().host("[own.example]:587").build()));
        assertEquals(-1, update.index(), "updateDomain");
        // ... disableDomain, a one-domain call as well (DomainRest.disable), answers as if it were a bulk list
        UnknownDomainException disable = assertThrows(UnknownDomainException.class,
                () -> service.disableDomain("nowhere.example"));
        assertEquals(-1, disable.index(), "disableDomain(name) is no list: ApiErrors makes its field domains[0]");
        UnknownDomainException invalid = assertThrows(UnknownDomainException.class,
                () -> service.disableDomain("a..b", Confirm.NONE));
        assertEquals(-1, invalid.index(), "disableDomain(name) with a bad name: 400 domains[0] instead of 404 domain");
    }
}
