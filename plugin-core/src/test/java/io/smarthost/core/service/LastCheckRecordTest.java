package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.check.CheckPolicy;
import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.CheckRequest;
import io.smarthost.core.check.ConnectionChecker;
import io.smarthost.core.check.Requester;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.testing.CheckReports;
import io.smarthost.core.testing.EchoingRelay;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Last connection check" (issue 12, item 5): kept only for a check of the saved values, stored as
 * codes and values, shown in the reader's language, never holding the relay password.
 */
class LastCheckRecordTest {
    static final Instant T1 = Instant.parse("2025-05-01T08:00:00Z");
    static final Instant T2 = Instant.parse("2025-05-01T09:00:00Z");
    static final RelayValidator validator = TestValidator.get();

    @TempDir
    Path home;
    TestHostServices host;
    SmarthostService service;

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        host.domains().add("example.com", "alice");
        service = new SmarthostService(host, List.of(RecordingMailBackend.full("postfix")), validator,
                Clock.fixed(T1, ZoneOffset.UTC));
        service.updateDomain("example.com", saved().build());
    }

    /** What is saved for example.com. */
    static RelayInput.Builder saved() {
        return RelayInput.builder().host("[relay.example.net]").port("587").encryption("starttls")
                .verifyCertificate(true).login("apikey", "saved-secret");
    }

    static Scope scope() {
        return Scope.domain("example.com");
    }

    @Test
    void aCheckOfTheSavedValuesIsKeptWithABlankOrTheSavedPassword() {
        assertTrue(service.recordCheck(scope(), saved().password(null).build(), CheckReports.passed(), T1));
        assertTrue(service.lastCheck(scope()).orElseThrow().ok());
        assertTrue(service.recordCheck(scope(), saved().build(), CheckReports.authFailed("535 no"), T2),
                "the saved password typed again is the saved value");
        assertEquals(T2, service.domain("example.com").lastCheck().orElseThrow().time());
    }

    @Test
    void aCheckOfUnsavedValuesIsNeverKeptAgainstTheSavedRelay() {
        // The reported bug: the server page showed "Failed ... port 2465" for a relay that had passed.
        service.recordCheck(scope(), saved().build(), CheckReports.passed(), T1);
        List<UnaryOperator<RelayInput.Builder>> changes = List.of(
                b -> b.port("2465"), b -> b.host("[other.example.net]"), b -> b.host("relay.example.net"),
                b -> b.encryption("tls"), b -> b.verifyCertificate(false), b -> b.authentication(false),
                b -> b.login("someone-else", "saved-secret"), b -> b.login("apikey", "another-secret"));
        for (UnaryOperator<RelayInput.Builder> change : changes) {
            RelayInput unsaved = change.apply(saved()).build();
            assertFalse(service.recordCheck(scope(), unsaved, CheckReports.authFailed("535 no"), T2), unsaved::toString);
        }
        CheckRecord kept = service.lastCheck(scope()).orElseThrow();
        assertTrue(kept.ok());
        assertEquals(T1, kept.time());
    }

    @Test
    void aCheckOfEarlierSettingsIsNotShownAgainstNewOnes() {
        service.recordCheck(scope(), saved().build(), CheckReports.passed(), T1);
        service.updateDomain("example.com", saved().port("2465").encryption("tls").build());
        assertTrue(service.lastCheck(scope()).isEmpty());
        assertTrue(service.domain("example.com").lastCheck().isEmpty());
        assertTrue(service.list("", 0, 10).items().get(0).lastCheck().isEmpty());
        service.disableDomain("example.com");
        assertTrue(service.recordCheck(scope(), saved().port("2465").encryption("tls").build(), CheckReports.passed(), T2),
                "a disabled relay's saved values can still be checked");
    }

    @Test
    void theRecordIsStoredAsCodesAndShownInTheReadersLanguage() {
        service.recordCheck(scope(), saved().build(), CheckReports.authFailed("535 5.7.8 denied"), T1);
        String stored = host.store().rawValues().get(StoreKeys.check(scope()));
        assertTrue(stored.contains("\"key\":\"auth.failed\""), stored);
        assertTrue(stored.contains("\"reply\":535"), stored);
        assertFalse(stored.contains("Wrong user name"), "no rendered English: " + stored);
        CheckRecord c = service.lastCheck(scope()).orElseThrow();
        assertEquals("auth.failed", c.code());
        assertEquals("Failed at \"Authentication\": The login was rejected: \"535 5.7.8 denied\". "
                + "Wrong user name or password (or API key).", c.summary(Locale.ENGLISH));
        assertEquals("Échec à l’étape « Authentification » : La connexion a été refusée : « 535 5.7.8 denied ». "
                + "Nom d’utilisateur ou mot de passe (ou clé API) incorrect.", c.summary(Locale.FRENCH));
        assertTrue(c.advice(Locale.FRENCH).orElseThrow().startsWith("Vérifiez"), c.advice(Locale.FRENCH)::toString);
    }

    @Test
    void aRecordOfVersionOneIsReadWithoutItsTextWhichMayHoldAnUnmaskedReply() throws Exception {
        host.store().inTransaction(tx -> {
            tx.put(StoreKeys.check(scope()), "{\"time\":\"2025-01-01T00:00:00Z\",\"ok\":false,"
                    + "\"summary\":\"Authentication: The login was rejected: 535 bad password saved-secret\"}");
            return null;
        });
        CheckRecord c = service.lastCheck(scope()).orElseThrow();
        assertTrue(c.legacy());
        assertFalse(c.ok());
        assertEquals("legacy", c.code());
        assertFalse(c.summary(Locale.ENGLISH).contains("saved-secret"));
        assertTrue(c.summary(Locale.FRENCH).startsWith("Échec (enregistré par une version précédente"));
    }

    @Test
    void aRelayEchoingTheLoginLeavesNoTraceOfThePasswordInTheStoredRecord() throws Exception {
        // The reported bug: the password shown in the explanation and stored as the last-check summary.
        try (EchoingRelay relay = EchoingRelay.start("PLAIN");
             ConnectionChecker checker = new ConnectionChecker(CheckPolicy.defaults()
                     .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(6)))) {
            RelayInput input = RelayInput.builder().host("[127.0.0.1]").port(String.valueOf(relay.port()))
                    .encryption("none").login("apikey", "Echo-Me-Secret-42").build();
            service.updateDomain("example.com", input);
            Relay toCheck = service.relayFor(scope(), input.withPassword(null)).orElseThrow();
            CheckReport report = checker.check(CheckRequest.of(toCheck, Requester.admin("admin"))
                    .forMailServer(service.mailServerTrust()), Locale.ENGLISH);
            assertTrue(service.recordCheck(scope(), input.withPassword(null), report, T1));
            String stored = host.store().rawValues().get(StoreKeys.check(scope()));
            CheckRecord c = service.lastCheck(scope()).orElseThrow();
            String shown = c.summary(Locale.ENGLISH) + c.summary(Locale.FRENCH);
            assertTrue(shown.contains("535 5.7.8 login refused for apikey ******"), shown);
            for (String form : List.of("Echo-Me-Secret-42", b64("Echo-Me-Secret-42"), b64("\0apikey\0Echo-Me-Secret-42"))) {
                assertFalse(stored.contains(form), stored);
                assertFalse(shown.contains(form), shown);
            }
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
