package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.testkit.TestHostServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every operation with recognisable secrets and scans everything that leaves the service. */
class SecretLeakTest {
    static final String SERVER_SECRET = "LEAK-CANARY-server-7f3a";
    static final String DOMAIN_SECRET = "LEAK-CANARY-domain-91bc";

    @TempDir
    Path home;

    @Test
    void secretsNeverAppearInLogsActionLogExceptionsViewsOrTheStoreInClear() throws Exception {
        TestHostServices host = new TestHostServices(home);
        host.domains().add("example.com", "alice", "example.net");
        RecordingMailBackend backend = RecordingMailBackend.full("postfix");
        List<String> seen = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        // slf4j-simple writes to the current System.err at each call.
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (RelayValidator validator = new RelayValidator(getClass().getClassLoader())) {
            SmarthostService service = new SmarthostService(host, List.of(backend), validator, Clock.systemUTC());
            RelayInput server = RelayInput.builder().host("[smtp.sendgrid.net]").login("apikey", SERVER_SECRET).build();
            RelayInput domain = RelayInput.builder().host("smtp.mailgun.org").login("pm@example.com", DOMAIN_SECRET).build();
            seen.add(server.toString());
            seen.add(service.updateServer(server, Confirm.NONE).toString());
            seen.add(service.updateDomain("example.com", domain).toString());
            seen.add(service.server().toString());
            seen.add(service.domain("example.com").toString());
            seen.add(service.list("", 0, 10).toString());
            seen.add(service.effectiveFor("example.net").toString());
            seen.add(service.relayFor(Scope.SERVER, server).toString());
            seen.add(service.preview(Scope.SERVER, server).toString());
            seen.add(service.inspect().toString());
            seen.add(backend.applies().toString());
            seen.add(service.repair().toString());
            backend.failAt("reload");
            seen.add(assertThrows(RelayApplyException.class, () -> service.updateServer(server, Confirm.NONE)).toString());
            backend.failAt(null);
            RelayValidationException bad = assertThrows(RelayValidationException.class, () -> service.updateServer(
                    server.withPassword(Secret.of(SERVER_SECRET + "\n")), Confirm.NONE));
            seen.add(bad.toString());
            seen.add(bad.errors().toString());
            ApplyReport report = service.disableDomain("example.com").report();
            seen.add(report.toString());
            seen.add(service.removeDomain("example.com").toString());
        } finally {
            System.setErr(original);
        }
        seen.add(captured.toString(StandardCharsets.UTF_8));
        seen.add(host.actionLog().entries().toString());
        seen.add(host.store().rawValues().toString());
        String all = String.join("\n", seen);
        assertFalse(all.contains(SERVER_SECRET), "server secret leaked");
        assertFalse(all.contains(DOMAIN_SECRET), "domain secret leaked");
        assertFalse(captured.toString(StandardCharsets.UTF_8).isEmpty(), "the service logged its changes");
        // And the secrets were really used, so the scan was meaningful.
        org.junit.jupiter.api.Assertions.assertEquals(SERVER_SECRET,
                backend.server().orElseThrow().credentials().orElseThrow().secret().reveal());
        org.junit.jupiter.api.Assertions.assertTrue(Instant.now().isAfter(Instant.EPOCH));
    }
}
