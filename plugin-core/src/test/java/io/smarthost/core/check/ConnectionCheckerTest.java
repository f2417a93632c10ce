package io.smarthost.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.core.check.CheckStep.Status;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.core.testing.TestCa;
import io.smarthost.panel.api.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks against real relays on 127.0.0.1: one relay per case, certificates from a test CA made at test time. */
class ConnectionCheckerTest {
    static final String HOST = "relay.test";

    @TempDir
    static Path dir;
    static TestCa ca;
    static KeyStore trust;
    static SSLContext good;
    static ConnectionChecker checker;
    static ConnectionChecker tolerant;

    /** relay.test -> 127.0.0.1; anything else does not exist. */
    static final NameResolver RESOLVER = new NameResolver() {
        @Override
        public List<InetAddress> addresses(String host) throws UnknownHostException {
            if (host.equals(HOST) || host.equals("mx.relay.test")) {
                return List.of(TestServers.loopback());
            }
            throw new UnknownHostException(host);
        }

        @Override
        public List<String> mailExchangers(String domain) {
            return domain.equals("mxdomain.test") ? List.of("mx.relay.test") : List.of();
        }
    };

    @BeforeAll
    static void setUp() throws Exception {
        ca = TestCa.create(dir);
        trust = ca.trustStore();
        good = ca.serverContext(HOST, "127.0.0.1");
        checker = new ConnectionChecker(policy(false));
        tolerant = new ConnectionChecker(policy(true));
    }

    @AfterAll
    static void tearDown() {
        checker.close();
        tolerant.close();
    }

    static CheckPolicy policy(boolean allowUntrusted) {
        return CheckPolicy.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800), Duration.ofSeconds(6))
                .withTrustStore(trust).withResolver(RESOLVER).withAllowUntrustedCertificate(allowUntrusted);
    }

    static Relay relay(int port, Encryption encryption, boolean credentials) {
        return relay(port, encryption, credentials ? TestServers.SECRET : null);
    }

    static Relay relay(int port, Encryption encryption, String secret) {
        return new Relay(new RelayAddress(HOST, HostKind.DNS_NAME, port, false), encryption, true,
                Optional.ofNullable(secret).map(s -> new Credentials(TestServers.USER, Secret.of(s))));
    }

    static CheckReport check(ConnectionChecker with, Relay relay) {
        return with.check(CheckRequest.of(relay, Requester.admin("admin")), Locale.ENGLISH);
    }

    static CheckStep step(CheckReport report, String id) {
        return report.step(id).orElseThrow(() -> new AssertionError("no step " + id + " in " + report));
    }

    static void assertFailsAt(CheckReport report, String id, String explanationPart) {
        assertFalse(report.ok(), () -> "expected a failure at " + id + ": " + report);
        CheckStep failed = report.firstFailure().orElseThrow();
        assertEquals(id, failed.id(), () -> "first failure: " + failed + "\n" + String.join("\n", report.transcript()));
        assertTrue(failed.explanation().contains(explanationPart),
                () -> "explanation \"" + failed.explanation() + "\" lacks \"" + explanationPart + "\"");
    }

    // ---- good relays ---------------------------------------------------------------------------

    @Test
    void trustedStartTlsRelayWithGoodLoginPassesEveryStep() {
        try (TestServers.Relay server = TestServers.startTls(good)) {
            CheckReport report = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            assertTrue(report.ok(), report::toString);
            assertEquals(List.of("resolve", "connect", "banner", "ehlo", "tls", "certificate", "auth"),
                    report.steps().stream().map(CheckStep::id).toList());
            report.steps().forEach(s -> assertEquals(Status.OK, s.status(), s::toString));
            CheckStep cert = step(report, "certificate");
            assertEquals("true", cert.details().get("trustedBySystem"));
            assertEquals("true", cert.details().get("nameMatches"));
            assertTrue(cert.details().get("subjectAltNames").contains("DNS:relay.test"));
            assertTrue(cert.details().get("issuer").contains("Smarthost Test CA"));
            assertTrue(step(report, "ehlo").details().get("starttls").equals("true"));
            assertTrue(step(report, "tls").details().get("protocol").startsWith("TLSv1."));
            assertTrue(step(report, "auth").explanation().contains("apikey"));
            assertTrue(report.advice().isEmpty());
        }
    }

    @Test
    void trustedImplicitTlsRelayPasses() {
        try (TestServers.Relay server = TestServers.implicitTls(good)) {
            CheckReport report = check(checker, relay(server.port(), Encryption.TLS, true));
            assertTrue(report.ok(), report::toString);
            assertEquals(List.of("resolve", "connect", "tls", "certificate", "banner", "ehlo", "auth"),
                    report.steps().stream().map(CheckStep::id).toList());
        }
    }

    @Test
    void ipLiteralRelayIsMatchedAgainstTheCertificatesIpEntry() {
        try (TestServers.Relay server = TestServers.startTls(good)) {
            Relay relay = new Relay(new RelayAddress("127.0.0.1", HostKind.IPV4, server.port(), false),
                    Encryption.STARTTLS, true, Optional.empty());
            CheckReport report = check(checker, relay);
            assertTrue(report.ok(), report::toString);
            assertEquals("true", step(report, "certificate").details().get("nameMatches"));
            assertEquals(Status.SKIPPED, step(report, "auth").status());
        }
    }

    @Test
    void mxLookupConnectsToTheMailExchangerAndChecksItsName() throws Exception {
        SSLContext mxCert = ca.serverContext("mx.relay.test", "mx.relay.test");
        try (TestServers.Relay server = TestServers.startTls(mxCert)) {
            Relay relay = new Relay(new RelayAddress("mxdomain.test", HostKind.DNS_NAME, server.port(), true),
                    Encryption.STARTTLS, true, Optional.empty());
            CheckReport report = check(checker, relay);
            assertTrue(report.ok(), report::toString);
            assertEquals("mx.relay.test", step(report, "resolve").details().get("mx"));
            assertEquals("mx.relay.test", step(report, "certificate").details().get("expectedName"));
        }
    }

    // ---- certificates --------------------------------------------------------------------------

    @Test
    void selfSignedCertificateFailsAndTheFlagMakesItOnlyAWarning() throws Exception {
        try (TestServers.Relay server = TestServers.startTls(TestCa.selfSignedContext(HOST))) {
            CheckReport strict = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            assertFailsAt(strict, "certificate", "self-signed");
            assertEquals(Status.SKIPPED, step(strict, "auth").status());
            assertTrue(step(strict, "auth").explanation().contains("credentials were not sent"));
            assertTrue(strict.advice().orElseThrow().contains("smarthost.allowUntrustedCertificate"));
            assertTrue(strict.transcript().stream().noneMatch(l -> l.contains("C: AUTH")), "no AUTH was attempted");
            assertOnlyCertificateBecomesWarning(strict, check(tolerant, relay(server.port(), Encryption.STARTTLS, true)));
        }
    }

    @Test
    void expiredCertificateFailsAndTheFlagMakesItOnlyAWarning() throws Exception {
        Instant now = Instant.now();
        SSLContext expired = ca.serverContext(HOST, now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(2)), HOST);
        try (TestServers.Relay server = TestServers.startTls(expired)) {
            CheckReport strict = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            assertFailsAt(strict, "certificate", "expired");
            assertEquals("false", step(strict, "certificate").details().get("trustedBySystem"));
            assertOnlyCertificateBecomesWarning(strict, check(tolerant, relay(server.port(), Encryption.STARTTLS, true)));
        }
    }

    @Test
    void certificateForAnotherNameFailsAndTheFlagMakesItOnlyAWarning() throws Exception {
        try (TestServers.Relay server = TestServers.startTls(ca.serverContext("other.test", "other.test"))) {
            CheckReport strict = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            assertFailsAt(strict, "certificate", "not issued for relay.test");
            CheckStep cert = step(strict, "certificate");
            assertEquals("true", cert.details().get("trustedBySystem"), "the chain itself is trusted");
            assertEquals("false", cert.details().get("nameMatches"));
            assertOnlyCertificateBecomesWarning(strict, check(tolerant, relay(server.port(), Encryption.STARTTLS, true)));
        }
    }

    @Test
    void certificateFromAnUnknownAuthorityFailsAgainstTheDefaultSystemTrustStore() {
        // Same relay as the good case, but the checker trusts only the JVM's cacerts (no test CA).
        CheckPolicy system = CheckPolicy.defaults().withResolver(RESOLVER)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800), Duration.ofSeconds(6));
        try (TestServers.Relay server = TestServers.startTls(good); ConnectionChecker withCacerts = new ConnectionChecker(system)) {
            CheckReport report = check(withCacerts, relay(server.port(), Encryption.STARTTLS, true));
            assertFailsAt(report, "certificate", "not issued by an authority in this panel's trust store");
            assertEquals("true", step(report, "certificate").details().get("nameMatches"));
        }
    }

    /** The flag changes the certificate step from failed to warning, and nothing else fails. */
    private static void assertOnlyCertificateBecomesWarning(CheckReport strict, CheckReport tolerantReport) {
        assertEquals(Status.FAILED, step(strict, "certificate").status());
        assertTrue(tolerantReport.ok(), tolerantReport::toString);
        assertEquals(Status.WARNING, step(tolerantReport, "certificate").status());
        assertTrue(step(tolerantReport, "certificate").explanation().contains("allows untrusted certificates"));
        assertEquals(Status.OK, step(tolerantReport, "auth").status(), "AUTH runs once the certificate is tolerated");
        List<String> others = tolerantReport.steps().stream().filter(s -> !s.id().equals("certificate"))
                .filter(s -> s.status() != Status.OK).map(CheckStep::toString).toList();
        assertEquals(List.of(), others);
    }

    // ---- wrong mode ----------------------------------------------------------------------------

    /**
     * Encryption not required, and the relay offers STARTTLS (and AUTH only once encrypted): Postfix's "may" level
     * encrypts, without checking the certificate, and logs in; the check did neither and failed at "auth" (a hostile
     * tester: the check contradicted what Postfix would do). It now does what Postfix does, and says so.
     */
    @Test
    void encryptionNotRequiredUsesTheOfferedStartTlsAsPostfixDoes() throws Exception {
        SSLContext otherName = ca.serverContext("someone-else.test");
        try (TestServers.Relay server = TestServers.startTls(otherName)) {
            CheckReport report = check(checker, relay(server.port(), Encryption.NONE, true));
            assertTrue(report.ok(), report::toString);
            assertEquals(List.of("resolve", "connect", "banner", "ehlo", "tls", "auth"),
                    report.steps().stream().map(CheckStep::id).toList());
            CheckStep tls = step(report, "tls");
            assertEquals(Status.WARNING, tls.status(), tls::toString);
            assertTrue(tls.explanation().contains("which the mail server uses without checking the certificate"),
                    tls.explanation());
            CheckStep auth = step(report, "auth");
            assertEquals(Status.OK, auth.status(), "the password went encrypted: " + auth);
        }
    }

    @Test
    void startTlsNotOfferedFailsAtTls() {
        try (TestServers.Relay server = TestServers.plain()) {
            CheckReport report = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            assertFailsAt(report, "tls", "does not offer STARTTLS");
            assertEquals("false", step(report, "ehlo").details().get("starttls"));
        }
    }

    @Test
    void startTlsChosenOnAnImplicitTlsPortSaysToChooseSslTls() {
        try (TestServers.Relay server = TestServers.implicitTls(good)) {
            CheckReport report = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            assertFailsAt(report, "banner", "expects encryption from the first byte");
            assertTrue(report.advice().orElseThrow().contains("SSL/TLS"), report::toString);
        }
    }

    @Test
    void implicitTlsChosenOnAPlainPortSaysToChooseStartTls() {
        try (TestServers.Relay server = TestServers.startTls(good)) {
            CheckReport report = check(checker, relay(server.port(), Encryption.TLS, true));
            assertFailsAt(report, "tls", "speaks plain SMTP");
            assertTrue(report.advice().orElseThrow().contains("STARTTLS"), report::toString);
        }
    }

    // ---- AUTH ----------------------------------------------------------------------------------

    @Test
    void authNotOfferedFailsAtAuth() {
        try (TestServers.Relay server = TestServers.startTlsWithoutAuth(good)) {
            CheckReport report = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            assertFailsAt(report, "auth", "does not offer authentication");
        }
    }

    @Test
    void wrongPasswordIsExplainedAndNeverShown() throws Exception {
        String wrong = "Wr0ng-Passw0rd-Value";
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        CheckReport report;
        try (TestServers.Relay server = TestServers.startTls(good)) {
            report = check(checker, relay(server.port(), Encryption.STARTTLS, wrong));
        } finally {
            System.setErr(err);
        }
        assertFailsAt(report, "auth", "Wrong user name or password");
        assertTrue(step(report, "auth").details().get("reply").startsWith("535"));
        assertTrue(report.advice().orElseThrow().contains("apikey"));
        assertNoSecret(report, wrong);
        String log = logged.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("smarthost check of relay.test"), "the check logs one line: " + log);
        assertSecretAbsent(log, wrong);
    }

    @Test
    void plainAuthLineIsMaskedAndTheSecretAppearsNowhere() throws Exception {
        try (TestServers.Relay server = TestServers.startTls(good)) {
            CheckReport report = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            assertTrue(report.transcript().stream().anyMatch(l -> l.contains("AUTH PLAIN ******")), report::toString);
            assertNoSecret(report, TestServers.SECRET);
        }
    }

    static void assertNoSecret(CheckReport report, String secret) throws Exception {
        String json = new ObjectMapper().writeValueAsString(report);
        assertSecretAbsent(json, secret);
        assertSecretAbsent(report.toString(), secret);
        assertSecretAbsent(String.join("\n", report.transcript()), secret);
    }

    static void assertSecretAbsent(String text, String secret) {
        var b64 = java.util.Base64.getEncoder();
        for (String form : List.of(secret, b64.encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString(("\0" + TestServers.USER + "\0" + secret).getBytes(StandardCharsets.UTF_8)))) {
            assertFalse(text.contains(form), "secret (or its base64) found in: " + text);
        }
    }

    // ---- silent, slow and absent servers ---------------------------------------------------------

    @Test
    void slowBannerTimesOut() throws IOException {
        try (TestServers.Server server = TestServers.raw(Duration.ofSeconds(3))) {
            CheckReport report = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            assertFailsAt(report, "banner", "sent no greeting within 1 s");
        }
    }

    @Test
    void serverThatNeverSpeaksFailsAtBannerWithinTheLimits() throws IOException {
        try (TestServers.Server server = TestServers.raw(null)) {
            long start = System.nanoTime();
            CheckReport report = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            assertFailsAt(report, "banner", "sent no greeting");
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 4000, "banner limit + TLS probe");
            assertTrue(report.transcript().stream().anyMatch(l -> l.contains("trying a TLS handshake")));
        }
    }

    @Test
    void closedPortIsRefusedAtConnect() throws IOException {
        CheckReport report = check(checker, relay(TestServers.closedPort(), Encryption.STARTTLS, true));
        assertFailsAt(report, "connect", "was refused");
        assertEquals(Status.SKIPPED, step(report, "banner").status());
        assertTrue(step(report, "banner").explanation().contains("TCP connection"));
    }

    @Test
    void unknownNameFailsAtResolve() {
        Relay relay = new Relay(new RelayAddress("nowhere.test", HostKind.DNS_NAME, 587, false),
                Encryption.STARTTLS, true, Optional.empty());
        assertFailsAt(check(checker, relay), "resolve", "does not exist");
    }

    @Test
    void wholeCheckIsCutAtTheTotalTimeout() throws IOException {
        CheckPolicy longBanner = policy(false).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        try (TestServers.Server server = TestServers.raw(null); ConnectionChecker c = new ConnectionChecker(longBanner)) {
            long start = System.nanoTime();
            CheckReport report = check(c, relay(server.port(), Encryption.STARTTLS, true));
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(ms < 2500, "took " + ms + " ms");
            assertFailsAt(report, "banner", "time limit");
        }
    }

    // ---- probe and test mail -------------------------------------------------------------------

    @Test
    void probeAndTestMailGoThroughTheRelay() {
        try (TestServers.Relay server = TestServers.startTls(good)) {
            CheckRequest request = new CheckRequest(relay(server.port(), Encryption.STARTTLS, true),
                    Requester.admin("admin"), Optional.of("admin@example.com"), Optional.of("probe@example.net"),
                    Optional.of(new TestMail("admin@example.com", "inbox@example.net")));
            CheckReport report = checker.check(request, Locale.FRENCH);
            assertTrue(report.ok(), report::toString);
            assertEquals(Status.OK, step(report, "probe").status());
            assertTrue(step(report, "test_mail").explanation().contains("inbox@example.net"));
            assertEquals(1, server.received.size(), "the probe sends nothing; the test mail arrives once");
            TestServers.Received mail = server.received.get(0);
            assertEquals("inbox@example.net", mail.to());
            assertEquals(TestServers.USER, mail.login());
            assertTrue(mail.data().contains("X-Smarthost-Test: yes"));
            assertTrue(mail.data().contains("Auto-Submitted: auto-generated"));
            assertEquals("E-mail de test", step(report, "test_mail").title());
        }
    }

    @Test
    void relayRefusingTheRecipientWithoutLoginExplainsAuthIsRequired() {
        try (TestServers.Relay server = TestServers.startTls(good)) {
            CheckRequest request = new CheckRequest(relay(server.port(), Encryption.STARTTLS, false),
                    Requester.admin("admin"), Optional.of("admin@example.com"), Optional.empty(), Optional.empty());
            CheckReport report = checker.check(request, Locale.ENGLISH);
            assertFailsAt(report, "probe", "Authentication is required");
            assertEquals(Status.SKIPPED, step(report, "auth").status());
        }
    }

    // ---- customers -------------------------------------------------------------------------------

    @Test
    void customerCheckOfLoopbackIsRefusedBeforeAnyConnection() throws IOException {
        try (TestServers.Server server = TestServers.raw(Duration.ZERO)) {
            Relay literal = new Relay(new RelayAddress("127.0.0.1", HostKind.IPV4, 587, false),
                    Encryption.STARTTLS, true, Optional.empty());
            Requester customer = Requester.customer("jane", true, Set.of());
            CheckRefusedException e = assertThrows(CheckRefusedException.class,
                    () -> checker.check(CheckRequest.of(literal, customer), Locale.FRENCH));
            assertEquals(CheckRefusedException.Reason.ADDRESS_NOT_ALLOWED, e.reason());
            assertTrue(e.message(Locale.FRENCH).contains("réseau privé"), e.message(Locale.FRENCH));

            // A name pointing at loopback is refused too, on an allowed extra port.
            Relay named = relay(server.port(), Encryption.STARTTLS, false);
            Requester withPort = Requester.customer("jane", true, Set.of(server.port()));
            CheckRefusedException byName = assertThrows(CheckRefusedException.class,
                    () -> checker.check(CheckRequest.of(named, withPort), Locale.ENGLISH));
            assertEquals(CheckRefusedException.Reason.ADDRESS_NOT_ALLOWED, byName.reason());
            assertTrue(byName.getMessage().contains("127.0.0.1"));
        }
    }

    @Test
    void reportSerializesToPlainJson() throws Exception {
        try (TestServers.Relay server = TestServers.startTls(good)) {
            CheckReport report = check(checker, relay(server.port(), Encryption.STARTTLS, true));
            JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(report));
            assertTrue(json.get("ok").asBoolean());
            assertTrue(json.get("tookMs").isNumber());
            assertTrue(json.get("advice").isNull());
            JsonNode first = json.get("steps").get(0);
            assertEquals("resolve", first.get("id").asText());
            assertEquals("ok", first.get("status").asText());
            assertTrue(first.get("tookMs").isNumber());
            assertFalse(first.has("took"));
            assertEquals(Set.of("id", "status", "tookMs", "title", "explanation", "code", "details"),
                    iterable(first.fieldNames()).stream().collect(Collectors.toSet()));
            assertEquals("resolve.ok", first.get("code").asText(), "the explanation's code, for API clients");
            assertFalse(first.has("texts"));
            assertTrue(json.get("adviceCode").isNull());
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
