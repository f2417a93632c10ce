package io.smarthost.windows.smartermail;

import static io.smarthost.core.testing.InMemoryDesiredState.namedRelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SecretBox;
import io.smarthost.windows.ServiceControl;
import io.smarthost.windows.StateFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmarterMailBackendTest {

    @TempDir
    Path dir;
    FakeSmarterMail fake;
    SmarterMailBackend backend;

    /** Reversible stand-in for the panel's AES-GCM box (the real one lives in panel-host). */
    static final SecretBox BOX = new SecretBox() {
        @Override
        public String seal(Secret secret) {
            return "sealed:" + Base64.getEncoder().encodeToString(secret.reveal().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Secret open(String sealed) {
            return Secret.of(new String(Base64.getDecoder().decode(sealed.substring(7)), StandardCharsets.UTF_8));
        }
    };

    static final ServiceControl NO_SERVICES = new ServiceControl() {
        @Override
        public boolean exists(String serviceName) {
            return false;
        }

        @Override
        public boolean isRunning(String serviceName) {
            return false;
        }

        @Override
        public void restart(String serviceName) {
            throw new UnsupportedOperationException();
        }
    };

    @BeforeEach
    void start() throws Exception {
        fake = new FakeSmarterMail();
        fake.domains.addAll(List.of("a.example", "b.example", "c.example"));
        SmarterMailAdapter adapter = new SmarterMailAdapter(fake.base(), "admin", Secret.of("admin-pass"),
                Duration.ofSeconds(2), Clock.systemUTC());
        backend = new SmarterMailBackend(() -> false, NO_SERVICES, source(adapter), BOX,
                new StateFile(dir.resolve("smartermail-state.json")));
    }

    static SmarterMailBackend.AdapterSource source(SmarterMailAdapter adapter) {
        return new SmarterMailBackend.AdapterSource() {
            @Override
            public boolean configured() {
                return true;
            }

            @Override
            public SmarterMailAdapter open() {
                return adapter;
            }
        };
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static Relay sendgrid(String key) {
        return namedRelay("smtp.sendgrid.net", 587, Encryption.STARTTLS, "apikey", key);
    }

    @Test
    void serverRelayBecomesOneRoundRobinGatewayMarkedAsOurs() throws Exception {
        ApplyReport report = backend.apply(new InMemoryDesiredState().server(sendgrid("SG.one")), ChangeSet.everything());

        assertTrue(report.changed());
        ObjectNode gateway = fake.gateways.get("gw1");
        assertEquals("smtp.sendgrid.net", gateway.path("address").asText());
        assertEquals(2, gateway.path("encryption").asInt(), "starttls = SmarterMail's TLS");
        assertEquals(0, gateway.path("type").asInt(), "Round Robin");
        assertEquals("smarthost-panel: server", gateway.path("description").asText());
        assertFalse(Files.readString(dir.resolve("smartermail-state.json")).contains("SG.one"));
    }

    @Test
    void applyingTheSameStateTwiceChangesNothing() throws Exception {
        InMemoryDesiredState desired = new InMemoryDesiredState().server(sendgrid("SG.one"))
                .domain("a.example", sendgrid("SG.two"));
        backend.apply(desired, ChangeSet.everything());
        int calls = fake.requests.size();

        ApplyReport again = backend.apply(desired, ChangeSet.everything());

        assertFalse(again.changed(), again.steps().toString());
        assertEquals(List.of("GET /api/v1/settings/sysadmin/outbound-gateways",
                "GET /api/v1/settings/sysadmin/domain-settings/a.example"),
                fake.calls().subList(calls, fake.requests.size()));
    }

    @Test
    void aChangedPasswordIsSentEvenThoughSmarterMailNeverShowsIt() throws Exception {
        backend.apply(new InMemoryDesiredState().server(sendgrid("SG.one")), ChangeSet.everything());
        ApplyReport report = backend.apply(new InMemoryDesiredState().server(sendgrid("SG.new")), ChangeSet.serverOnly());
        assertTrue(report.changed());
        FakeSmarterMail.Request update = fake.requests.get(fake.requests.size() - 2);
        assertEquals("GET /api/v1/settings/sysadmin/outbound-gateways", fake.calls().get(fake.requests.size() - 1),
                "read back after the update");
        assertEquals("/api/v1/settings/sysadmin/outbound-gateway/gw1", update.path());
        assertEquals("SG.new", update.json().path("gateway").path("authPassword").asText());
        assertEquals(1, fake.gateways.size());
    }

    @Test
    void domainsOnTheSameRelayAndLoginShareOneSpecificDomainsGateway() throws Exception {
        InMemoryDesiredState desired = new InMemoryDesiredState()
                .domain("a.example", sendgrid("SG.shared"))
                .domain("b.example", sendgrid("SG.shared"))
                .domain("c.example", sendgrid("SG.other-account"));
        backend.apply(desired, ChangeSet.everything());

        assertEquals(2, fake.gateways.size());
        assertEquals(fake.domainGateway.get("a.example"), fake.domainGateway.get("b.example"));
        assertFalse(fake.domainGateway.get("a.example").equals(fake.domainGateway.get("c.example")));
        ObjectNode shared = fake.gateways.get(fake.domainGateway.get("a.example"));
        assertEquals(1, shared.path("type").asInt(), "Specific Domains");
        assertEquals("smarthost-panel: smtp.sendgrid.net:587 starttls apikey", shared.path("description").asText());
    }

    @Test
    void disablingRemovesWhatThePanelCreatedAndNothingElse() throws Exception {
        fake.gateways.put("manual", (ObjectNode) FakeSmarterMail.JSON.readTree(
                "{\"id\":\"manual\",\"address\":\"relay.isp.example\",\"port\":25,\"type\":0,\"isEnabled\":true}"));
        backend.apply(new InMemoryDesiredState().server(sendgrid("k")).domain("a.example", sendgrid("k")),
                ChangeSet.everything());
        assertEquals(3, fake.gateways.size());

        backend.apply(new InMemoryDesiredState(), ChangeSet.everything());

        assertEquals(Set.of("manual"), fake.gateways.keySet());
        assertEquals("", fake.domainGateway.get("a.example"));
        assertTrue(backend.inspect().manualRelay());
    }

    @Test
    void oneDomainChangeTouchesOnlyThatDomain() throws Exception {
        InMemoryDesiredState desired = new InMemoryDesiredState().domain("a.example", sendgrid("k"))
                .domain("b.example", sendgrid("k"));
        backend.apply(desired, ChangeSet.everything());
        int calls = fake.requests.size();

        desired.domain("b.example", null);
        backend.apply(desired, ChangeSet.domains(Set.of("b.example")));

        assertEquals(List.of("GET /api/v1/settings/sysadmin/outbound-gateways",
                "GET /api/v1/settings/sysadmin/domain-settings/b.example",
                "POST /api/v1/settings/sysadmin/domain-settings/b.example",
                "GET /api/v1/settings/sysadmin/domain-settings/b.example"),
                fake.calls().subList(calls, fake.requests.size()));
        assertEquals(1, fake.gateways.size(), "still used by a.example");
    }

    @Test
    void aFailedCallUndoesWhatThisApplyDid() throws Exception {
        fake.failPathPrefix = "/api/v1/settings/sysadmin/domain-settings/b.example";
        InMemoryDesiredState desired = new InMemoryDesiredState().server(sendgrid("k"))
                .domain("a.example", sendgrid("k")).domain("b.example", sendgrid("k"));

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(desired, ChangeSet.everything()));

        assertEquals("SmarterMail web service", e.step());
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("were undone"), e.getMessage());
        assertTrue(fake.gateways.isEmpty(), "created gateways deleted again");
        assertEquals("", fake.domainGateway.get("a.example"), "assignment undone");
        assertFalse(Files.exists(dir.resolve("smartermail-state.json")));
    }

    @Test
    void findsItsGatewaysByMarkerWhenTheStateFileIsLost() throws Exception {
        backend.apply(new InMemoryDesiredState().server(sendgrid("k")), ChangeSet.everything());
        Files.delete(dir.resolve("smartermail-state.json"));

        backend.apply(new InMemoryDesiredState().server(sendgrid("k")), ChangeSet.everything());

        assertEquals(1, fake.gateways.size(), "updated, not duplicated");
    }

    @Test
    void anAliasThatIsNoSmarterMailDomainIsAWarningNotAFailure() throws Exception {
        ApplyReport report = backend.apply(new InMemoryDesiredState().domain("alias.example", sendgrid("k")),
                ChangeSet.domains(Set.of("alias.example")));
        assertEquals(1, report.warnings().size());
        assertTrue(report.warningTexts().get(0).startsWith("alias.example is not a domain in SmarterMail"));
    }

    @Test
    void refusesToTurnOffCertificateChecksNamingSmarterMail() {
        Relay untrusted = new Relay(sendgrid("k").address(), Encryption.STARTTLS, false, sendgrid("k").credentials());
        BackendException e = assertThrows(BackendException.class,
                () -> backend.apply(new InMemoryDesiredState().server(untrusted), ChangeSet.serverOnly()));
        assertTrue(e.getMessage().startsWith("validate: SmarterMail cannot be told to accept an untrusted certificate"));
        assertTrue(fake.requests.isEmpty());
    }

    @Test
    void detectsWhenConfiguredAndNotOtherwiseOnLinux() {
        assertTrue(backend.detect());
        SmarterMailBackend unconfigured = new SmarterMailBackend(() -> false, NO_SERVICES,
                new SmarterMailBackend.AdapterSource() {
                    @Override
                    public boolean configured() {
                        return false;
                    }

                    @Override
                    public SmarterMailAdapter open() {
                        throw new IllegalStateException();
                    }
                }, BOX, new StateFile(dir.resolve("x")));
        assertFalse(unconfigured.detect());
        BackendException e = assertThrows(BackendException.class,
                () -> unconfigured.apply(new InMemoryDesiredState(), ChangeSet.everything()));
        assertTrue(e.getMessage().contains("--smartermail-login"));
    }
}
