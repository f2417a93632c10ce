package io.smarthost.windows.smartermail;

import static io.smarthost.core.testing.InMemoryDesiredState.namedRelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.backend.Probe;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.panel.api.Secret;
import io.smarthost.windows.PleskPresence;
import io.smarthost.windows.StateFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write proven (issue 18), against a local SmarterMail stand-in that behaves as the real one is known to:
 * 200 success for a body it does not understand, gateways without a description field, inbound gateways in
 * the same list, a list call that answers only to POST, duplicates, another writer.
 */
class SmarterMailProofTest {

    static final String LIST = "/api/v1/settings/sysadmin/outbound-gateways";
    static final String CREATE = "/api/v1/settings/sysadmin/outbound-gateway-put";

    @TempDir
    Path dir;
    FakeSmarterMail fake;
    SmarterMailAdapter adapter;
    SmarterMailBackend backend;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeSmarterMail();
        fake.domains.addAll(List.of("a.example", "b.example"));
        adapter = new SmarterMailAdapter(fake.base(), "admin", Secret.of("admin-pass"), Duration.ofSeconds(2),
                Clock.systemUTC());
        backend = new SmarterMailBackend(() -> false, SmarterMailBackendTest.NO_SERVICES,
                SmarterMailBackendTest.source(adapter), SmarterMailBackendTest.BOX, state());
    }

    StateFile state() {
        return new StateFile(dir.resolve("smartermail-state.json"));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static InMemoryDesiredState server(int port) {
        return new InMemoryDesiredState().server(namedRelay("smtp.sendgrid.net", port, Encryption.STARTTLS, "apikey",
                "SG.key"));
    }

    static final String HAND_MADE_SENDGRID = "{\"address\":\"smtp.sendgrid.net\",\"port\":587,\"encryption\":2,"
            + "\"isEnabled\":true,\"type\":0,\"enableAuthentication\":true,\"authUsername\":\"apikey\"}";

    long creates() {
        return fake.calls().stream().filter(c -> c.equals("POST " + CREATE)).count();
    }

    // ---- read-back ------------------------------------------------------------------------------

    @Test
    void successThatDropsUnknownFieldsFailsTheApplyNamingTheFieldAndUndoesIt() {
        fake.knownFields.removeAll(Set.of("address", "port"));
        fake.knownFields.addAll(Set.of("serverAddress", "smtpPort"));

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(server(587), ChangeSet.everything()));

        assertEquals("read back", e.step());
        assertTrue(e.getMessage().contains("address: SmarterMail has no such field, the panel wrote \"smtp.sendgrid.net\""),
                e.getMessage());
        assertTrue(e.getMessage().contains("port: SmarterMail has no such field"), e.getMessage());
        assertTrue(e.getMessage().contains("SmarterMail is as before"), e.getMessage());
        assertTrue(fake.gateways.isEmpty(), "the half-kept gateway was deleted again");
        assertFalse(Files.exists(dir.resolve("smartermail-state.json")));
    }

    @Test
    void anUpdateSmarterMailAcknowledgesButIgnoresFailsAndLeavesTheGatewayAsItWas() throws Exception {
        backend.apply(server(587), ChangeSet.everything());
        fake.discardGatewayBodies = true;

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(server(2525), ChangeSet.serverOnly()));

        assertEquals("read back", e.step());
        assertTrue(e.getMessage().contains("port: SmarterMail has \"587\", the panel wrote \"2525\""), e.getMessage());
        assertEquals(587, fake.gateways.get("gw1").path("port").asInt());
        assertEquals(587, state().read().path("gateways").path("server").path("wrote").path("port").asInt(),
                "the state still says what SmarterMail holds");
    }

    @Test
    void aDomainAssignmentThatDoesNotStickFailsNamingTheDomainField() {
        fake.discardDomainSettings = true;
        InMemoryDesiredState desired = new InMemoryDesiredState().domain("a.example",
                namedRelay("smtp.mailgun.org", 587, Encryption.STARTTLS, "postmaster", "k"));

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(desired, ChangeSet.everything()));

        assertEquals("read back", e.step());
        assertTrue(e.getMessage().startsWith("read back: domain a.example: SmarterMail answered success"), e.getMessage());
        assertTrue(e.getMessage().contains("domainSettings.outboundGatewayId"), e.getMessage());
        assertTrue(fake.gateways.isEmpty(), "the gateway made for it was deleted again");
    }

    // ---- finding the panel's gateways -----------------------------------------------------------

    @Test
    void withoutDescriptionsItsGatewayIsFoundByIdThenByAddressPortAndLogin() throws Exception {
        fake.knownFields.remove("description");
        backend.apply(server(587), ChangeSet.everything());
        assertFalse(fake.gateways.get("gw1").has("description"), "this SmarterMail keeps no description");

        ApplyReport again = backend.apply(server(587), ChangeSet.everything());
        assertFalse(again.changed(), again.steps().toString());

        Files.delete(dir.resolve("smartermail-state.json"));
        backend.apply(server(587), ChangeSet.everything());

        assertEquals(Set.of("gw1"), fake.gateways.keySet(), "found again by address, port and login: no duplicate");
        assertEquals(1, creates());
    }

    @Test
    void twoGatewaysThatBothLookLikeThePanelsAreRefusedAndNothingIsWritten() throws Exception {
        fake.knownFields.remove("description");
        String one = fake.addGateway(HAND_MADE_SENDGRID);
        String two = fake.addGateway(HAND_MADE_SENDGRID);

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(server(587), ChangeSet.everything()));

        assertEquals("duplicate gateways", e.step());
        assertTrue(e.getMessage().contains("ids " + one + ", " + two), e.getMessage());
        assertTrue(fake.calls().stream().filter(c -> c.startsWith("POST /api/v1/settings")).toList().isEmpty(),
                "nothing written: " + fake.calls());
    }

    @Test
    void duplicateMarkedGatewaysAreResolvedByTheRememberedIdAndDeletedByAFullApply() throws Exception {
        backend.apply(server(587), ChangeSet.everything());
        String copy = fake.addGateway(fake.gateways.get("gw1").deepCopy().without("id").toString());

        ApplyReport serverOnly = backend.apply(server(587), ChangeSet.serverOnly());
        assertTrue(serverOnly.warningTexts().stream().anyMatch(w -> w.contains("ids gw1, " + copy)), serverOnly.warnings().toString());
        assertEquals(2, fake.gateways.size());

        ApplyReport full = backend.apply(server(587), ChangeSet.everything());
        assertTrue(full.steps().contains("deleted gateway \"server\" (id " + copy + ", read back)"), full.steps().toString());
        assertEquals(Set.of("gw1"), fake.gateways.keySet());

        fake.addGateway(fake.gateways.get("gw1").deepCopy().without("id").toString());
        Files.delete(dir.resolve("smartermail-state.json"));
        BackendException e = assertThrows(BackendException.class, () -> backend.apply(server(587), ChangeSet.everything()));
        assertEquals("duplicate gateways", e.step(), "without the remembered id the panel cannot tell");
    }

    @Test
    void inboundGatewaysAreNeverTakenForThePanelsNorCountedAsAManualRelay() throws Exception {
        fake.knownFields.remove("description");
        String inbound = fake.addGateway(HAND_MADE_SENDGRID.replace("}", ",\"gatewayMode\":1}"));

        backend.apply(server(587), ChangeSet.everything());

        assertEquals(2, fake.gateways.size(), "an outbound gateway was created beside the inbound one");
        assertEquals(1, fake.gateways.get(inbound).path("gatewayMode").asInt());
        assertFalse(fake.calls().contains("POST /api/v1/settings/sysadmin/outbound-gateway/" + inbound));
        Inspection inspection = backend.inspect();
        assertFalse(inspection.manualRelay());
        assertTrue(inspection.settings().stream().anyMatch(s -> s.name().equals("inbound gateway " + inbound)
                && !s.managed()), inspection.settings().toString());
    }

    @Test
    void aListCallThatOnlyAnswersPostIsMadeAsPostFromThenOn() throws Exception {
        fake.listMethod = "POST";

        backend.apply(server(587), ChangeSet.everything());
        backend.apply(server(2525), ChangeSet.serverOnly());

        assertEquals(1, fake.calls().stream().filter(c -> c.equals("GET " + LIST)).count(), fake.calls().toString());
        assertTrue(fake.calls().stream().filter(c -> c.equals("POST " + LIST)).count() >= 3, fake.calls().toString());
        assertEquals(2525, fake.gateways.get("gw1").path("port").asInt());
    }

    // ---- no second writer -----------------------------------------------------------------------

    @Test
    void anotherWriterDuringTheApplyStopsItAndUndoesWhatItDid() throws Exception {
        String other = fake.addGateway("{\"address\":\"relay.isp.example\",\"port\":25,\"encryption\":0,"
                + "\"isEnabled\":true,\"type\":0,\"enableAuthentication\":false,\"description\":\"by hand\"}");
        fake.afterRequest = call -> {
            if (call.equals("POST " + CREATE)) {
                fake.gateways.get(other).put("port", 2525); // someone edits it while the panel writes
            }
        };

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(server(587), ChangeSet.everything()));

        assertEquals("second writer", e.step());
        assertTrue(e.getMessage().contains("gateway " + other + " was changed (port: SmarterMail has \"2525\", it had \"25\")"),
                e.getMessage());
        assertEquals(Set.of(other), fake.gateways.keySet(), "the panel's own gateway was deleted again");
    }

    @Test
    void aGatewayChangedOutsideThePanelIsDriftThatNeedsConfirmationThenIsWrittenAgain() throws Exception {
        backend.apply(server(587), ChangeSet.everything());
        fake.gateways.get("gw1").put("port", 2525);

        Inspection inspection = backend.inspect();
        assertTrue(inspection.manualRelay());
        assertEquals(1, inspection.drift().size());
        assertEquals("gateway \"server\"", inspection.drift().get(0).setting());
        assertTrue(inspection.drift().get(0).handValue().startsWith("smtp.sendgrid.net:2525"));
        assertTrue(inspection.drift().get(0).panelValue().startsWith("smtp.sendgrid.net:587"));
        Preview preview = backend.preview(server(587));
        assertTrue(preview.takesOverManual(), "the service asks the admin before writing over it");

        ApplyReport repair = backend.apply(server(587), ChangeSet.everything());
        assertTrue(repair.warningTexts().stream().anyMatch(w -> w.contains("had been changed outside the panel (port")),
                repair.warnings().toString());
        assertEquals(587, fake.gateways.get("gw1").path("port").asInt());
        assertTrue(backend.inspect().drift().isEmpty());
    }

    @Test
    void pleskOnTheSameServerIsNamedInInspectionApplyAndProbe() throws Exception {
        SmarterMailBackend onPlesk = new SmarterMailBackend(() -> true, SmarterMailBackendTest.NO_SERVICES,
                SmarterMailBackendTest.source(adapter), SmarterMailBackendTest.BOX, state(),
                key -> key.equals(PleskPresence.KEYS.get(0)));

        fake.addGateway("{\"address\":\"relay.plesk-set.example\",\"port\":25,\"encryption\":0,\"isEnabled\":true,"
                + "\"type\":0,\"enableAuthentication\":false}"); // Plesk's own smarthost gateway
        Inspection inspection = onPlesk.inspect();
        assertTrue(inspection.problems().stream().anyMatch(p -> p.startsWith("Plesk is installed on this "
                + "server (" + PleskPresence.KEYS.get(0) + ")")), inspection.problems().toString());
        assertTrue(inspection.manualRelay(), "its gateway is a relay the panel did not make");
        ApplyReport report = onPlesk.apply(server(587), ChangeSet.everything());
        assertTrue(report.warningTexts().stream().anyMatch(w -> w.contains("Plesk 18.0.64 and later writes SmarterMail "
                + "gateways")), report.warnings().toString());
        assertTrue(onPlesk.probe(Optional.empty()).findings().stream().anyMatch(f -> f.item().equals("Plesk")));
        assertFalse(backend.inspect().problems().stream().anyMatch(p -> p.contains("Plesk")), "not on Linux");
    }

    // ---- probe ----------------------------------------------------------------------------------

    @Test
    void probeSaysWhichAssumedNamesTheServerHasAndNeverShowsASecretNorWrites() throws Exception {
        fake.addGateway(HAND_MADE_SENDGRID.replace("}", ",\"authPassword\":\"hand-s3cret\",\"description\":\"x\","
                + "\"gatewayMode\":0}"));

        Probe probe = backend.probe(Optional.of("a.example"));

        assertTrue(probe.usable(), probe.findings().toString());
        assertEquals(Probe.Status.FOUND, status(probe, "gateway field address"));
        assertEquals(Probe.Status.FOUND, status(probe, "login reply field isAdmin"));
        assertEquals(Probe.Status.FOUND, status(probe, "domain field outboundGatewayId"));
        assertEquals(Probe.Status.FOUND, status(probe, "GET /" + LIST.substring(1)));
        assertTrue(probe.answers().stream().anyMatch(a -> a.reply().contains("\"authPassword\":\"******\"")),
                probe.answers().toString());
        assertTrue(probe.answers().get(0).reply().contains("\"isAdmin\":true")
                && probe.answers().get(0).reply().contains("\"accessToken\":\"******\""), probe.answers().get(0).reply());
        assertFalse(probe.toString().contains("hand-s3cret") || probe.toString().contains("admin-pass")
                || probe.toString().contains("access-"), probe.toString());
        assertEquals(List.of("POST /api/v1/auth/authenticate-user"),
                fake.calls().stream().filter(c -> c.startsWith("POST")).distinct().toList(), "only logins were posted");
    }

    @Test
    void probeOfAServerWithOtherNamesSaysWhatIsMissingAndWhatItHasInstead() throws Exception {
        fake.listMethod = "POST";
        fake.isAdmin = null;
        fake.addGateway("{\"serverAddress\":\"relay.example\",\"port\":25,\"mode\":\"Outbound\"}");

        Probe probe = backend.probe(Optional.empty());

        assertFalse(probe.usable());
        assertEquals(Probe.Status.FOUND, status(probe, "POST /" + LIST.substring(1)));
        assertEquals(Probe.Status.MISSING, status(probe, "gateway field address"));
        assertTrue(detail(probe, "gateway field address").contains("serverAddress"));
        assertEquals(Probe.Status.INFO, status(probe, "gateway field description"));
        assertEquals(Probe.Status.ASSUMED, status(probe, "login reply field isAdmin"));
        assertEquals(Probe.Status.ASSUMED, status(probe, "GET /api/v1/settings/sysadmin/domain-settings/{domain}"));
    }

    private static Probe.Status status(Probe probe, String item) {
        return probe.findings().stream().filter(f -> f.item().equals(item)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + item + " in " + probe.findings())).status();
    }

    private static String detail(Probe probe, String item) {
        return probe.findings().stream().filter(f -> f.item().equals(item)).findFirst().orElseThrow().detail();
    }
}
