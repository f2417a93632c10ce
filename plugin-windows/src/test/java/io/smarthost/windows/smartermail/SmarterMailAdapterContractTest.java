package io.smarthost.windows.smartermail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.smarthost.core.relay.Credentials;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against a local fake of SmarterMail's web service: exact requests and the session rules. */
class SmarterMailAdapterContractTest {

    FakeSmarterMail fake;
    MovableClock clock;
    SmarterMailAdapter adapter;


    @BeforeEach
    void start() throws Exception {
        fake = new FakeSmarterMail();
        clock = new MovableClock(Instant.parse("2030-01-01T12:00:00Z"));
        adapter = new SmarterMailAdapter(fake.base(), "admin", Secret.of("admin-pass"), Duration.ofSeconds(2), clock);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static Gateway sendgrid(String description) {
        return new Gateway("", "smtp.sendgrid.net", 587, Gateway.Mode.TLS, true, Gateway.Type.ROUND_ROBIN,
                Optional.of(new Credentials("apikey", Secret.of("SG.key"))), description);
    }

    @Test
    void logsInOnceThenSendsTheBearerToken() throws Exception {
        adapter.listGateways();
        adapter.listGateways();

        assertEquals(List.of("POST /api/v1/auth/authenticate-user", "GET /api/v1/settings/sysadmin/outbound-gateways",
                "GET /api/v1/settings/sysadmin/outbound-gateways"), fake.calls());
        JsonNode login = fake.requests.get(0).json();
        assertEquals("admin", login.path("username").asText());
        assertEquals("admin-pass", login.path("password").asText());
        assertEquals(2, login.size());
        assertEquals("Bearer access-1", fake.requests.get(1).authorization());
    }

    @Test
    void createsAGatewayWithTheExactBody() throws Exception {
        String id = adapter.createGateway(sendgrid("smarthost-panel: server"));

        assertEquals("gw1", id);
        FakeSmarterMail.Request create = fake.requests.get(1);
        assertEquals("POST /api/v1/settings/sysadmin/outbound-gateway-put", create.method() + " " + create.path());
        assertEquals(FakeSmarterMail.JSON.readTree("{\"gateway\":{\"address\":\"smtp.sendgrid.net\",\"port\":587,"
                + "\"encryption\":2,\"isEnabled\":true,\"type\":0,\"enableAuthentication\":true,"
                + "\"authUsername\":\"apikey\",\"authPassword\":\"SG.key\",\"description\":\"smarthost-panel: server\",\"gatewayMode\":0}}"),
                create.json());
    }

    @Test
    void readsGatewaysBackWithoutPasswords() throws Exception {
        adapter.createGateway(sendgrid("d"));
        Gateway read = adapter.listGateways().get(0);
        assertEquals("gw1", read.id());
        assertTrue(read.sameSettings(sendgrid("d").withId("gw1")));
        assertEquals("", read.auth().orElseThrow().secret().reveal());
    }

    @Test
    void updatesDeletesAndAssignsByThePathsAssumed() throws Exception {
        fake.domains.add("example.com");
        String id = adapter.createGateway(sendgrid("d"));
        adapter.updateGateway(sendgrid("d").withId(id));
        adapter.assignDomainGateway("example.com", Optional.of(id));
        assertEquals(Optional.of(id), adapter.domainGateway("example.com"));
        adapter.assignDomainGateway("example.com", Optional.empty());
        adapter.deleteGateway(id);

        assertEquals(List.of("POST /api/v1/auth/authenticate-user",
                "POST /api/v1/settings/sysadmin/outbound-gateway-put",
                "POST /api/v1/settings/sysadmin/outbound-gateway/gw1",
                "POST /api/v1/settings/sysadmin/domain-settings/example.com",
                "GET /api/v1/settings/sysadmin/domain-settings/example.com",
                "POST /api/v1/settings/sysadmin/domain-settings/example.com",
                "POST /api/v1/settings/sysadmin/outbound-gateway-delete/gw1"), fake.calls());
        assertEquals("{\"domainSettings\":{\"outboundGatewayId\":\"gw1\"}}", fake.requests.get(3).body());
        assertEquals("{\"domainSettings\":{\"outboundGatewayId\":\"\"}}", fake.requests.get(5).body());
        assertTrue(fake.gateways.isEmpty());
    }

    @Test
    void refreshesTheAccessTokenAMinuteBeforeItExpires() throws Exception {
        fake.expiration = "2030-01-01T12:10:00Z";
        adapter.listGateways();
        clock.now = Instant.parse("2030-01-01T12:09:30Z");
        adapter.listGateways();

        assertEquals(List.of("POST /api/v1/auth/authenticate-user", "GET /api/v1/settings/sysadmin/outbound-gateways",
                "POST /api/v1/auth/refresh-token", "GET /api/v1/settings/sysadmin/outbound-gateways"), fake.calls());
        assertEquals("{\"token\":\"refresh-1\"}", fake.requests.get(2).body());
        assertEquals("", fake.requests.get(2).authorization());
        assertEquals("Bearer access-2", fake.requests.get(3).authorization());
    }

    @Test
    void logsInAgainAndRetriesOnceAfter401() throws Exception {
        adapter.listGateways();
        fake.unauthorizedAnswers = 1;
        adapter.listGateways();

        assertEquals(List.of("POST /api/v1/auth/authenticate-user", "GET /api/v1/settings/sysadmin/outbound-gateways",
                "GET /api/v1/settings/sysadmin/outbound-gateways", "POST /api/v1/auth/authenticate-user",
                "GET /api/v1/settings/sysadmin/outbound-gateways"), fake.calls());
    }

    @Test
    void gives401UpAfterOneRetry() throws Exception {
        adapter.listGateways();
        fake.unauthorizedAnswers = 2;
        SmarterMailException e = assertThrows(SmarterMailException.class, adapter::listGateways);
        assertEquals(401, e.status());
        assertEquals(5, fake.requests.size(), "one retry, not a loop");
        assertTrue(e.getMessage().contains("refused the admin login (401)"), e.getMessage());
    }

    @Test
    void successFalseInA200IsAnError() throws Exception {
        fake.successFalseOnPath = "/api/v1/settings/sysadmin/outbound-gateway-put";
        SmarterMailException e = assertThrows(SmarterMailException.class,
                () -> adapter.createGateway(sendgrid("d")));
        assertEquals("POST /api/v1/settings/sysadmin/outbound-gateway-put: SmarterMail answered success=false: "
                + "Gateway is invalid", e.getMessage());
        assertFalse(e.getMessage().contains("SG.key"));
    }

    @Test
    void aRefusedLoginSaysSoWithoutThePassword() {
        SmarterMailAdapter wrong = new SmarterMailAdapter(fake.base(), "admin", Secret.of("wrong-pass"),
                Duration.ofSeconds(2), clock);
        SmarterMailException e = assertThrows(SmarterMailException.class, wrong::authenticate);
        assertEquals("POST /api/v1/auth/authenticate-user: SmarterMail answered success=false: "
                + "Invalid username or password", e.getMessage());
        assertFalse(e.getMessage().contains("wrong-pass"));
    }

    @Test
    void aSlowServiceTimesOutWithAClearMessage() throws Exception {
        adapter.listGateways();
        fake.delayMillis = 1500;
        SmarterMailAdapter impatient = new SmarterMailAdapter(fake.base(), "admin", Secret.of("admin-pass"),
                Duration.ofMillis(300), clock);
        long started = System.nanoTime();
        SmarterMailException e = assertThrows(SmarterMailException.class, impatient::listGateways);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1400);
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("did not answer within"), e.getMessage());
        fake.delayMillis = 0;
    }

    @Test
    void anUnreachableServiceIsNamed() {
        SmarterMailAdapter nowhere = new SmarterMailAdapter(java.net.URI.create("http://127.0.0.1:1/"), "admin",
                Secret.of("admin-pass"), Duration.ofSeconds(2), clock);
        SmarterMailException e = assertThrows(SmarterMailException.class, nowhere::authenticate);
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }
}
