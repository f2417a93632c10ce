package io.smarthost.core.check;

import static io.smarthost.core.check.ConnectionCheckerTest.HOST;
import static io.smarthost.core.check.ConnectionCheckerTest.RESOLVER;
import static io.smarthost.core.check.ConnectionCheckerTest.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.MailServerTrust;
import io.smarthost.core.backend.MailServerTrust.NameRule;
import io.smarthost.core.check.CheckStep.Status;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.core.testing.TestCa;
import io.smarthost.panel.api.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate step predicts the mail server (issue 12, item 4): with verification off the mail
 * server encrypts without verifying; with verification on, trust comes from the mail server's CA
 * file and names follow its rule (Postfix {@code nexthop, dot-nexthop}); the JVM's opinion is only
 * reported where it differs. Headline and texts never disagree. Relays on 127.0.0.1; the private CA
 * is in the "mail server's" CA file only, never in the checker's (JVM) trust store.
 */
class MailServerTrustCheckTest {
    static final List<String> REFUSAL_PHRASES = List.of("will refuse", "will most likely refuse", "refusera");

    @TempDir
    static Path dir;
    static TestCa privateCa;
    static MailServerTrust postfix;
    static ConnectionChecker jvmOnly;
    static ConnectionChecker jvmOnlyAllowing;

    @BeforeAll
    static void setUp() throws Exception {
        privateCa = TestCa.create(dir);
        postfix = MailServerTrust.caFile("Postfix", privateCa.pemFile("postfix-ca.pem"), "smtp_tls_CAfile",
                NameRule.NEXTHOP_OR_SUBDOMAIN);
        // The checker's own trust store is the JVM's cacerts: it does not know the private CA.
        CheckPolicy policy = CheckPolicy.defaults().withResolver(RESOLVER)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800), Duration.ofSeconds(6));
        jvmOnly = new ConnectionChecker(policy);
        jvmOnlyAllowing = new ConnectionChecker(policy.withAllowUntrustedCertificate(true));
    }

    @AfterAll
    static void tearDown() {
        jvmOnly.close();
        jvmOnlyAllowing.close();
    }

    static Relay relay(String host, boolean mx, int port, boolean verify) {
        return new Relay(new RelayAddress(host, HostKind.DNS_NAME, port, mx), Encryption.STARTTLS, verify,
                Optional.of(new Credentials(TestServers.USER, Secret.of(TestServers.SECRET))));
    }

    static CheckReport check(ConnectionChecker checker, Relay relay, MailServerTrust trust) {
        CheckReport report = checker.check(CheckRequest.of(relay, Requester.admin("admin")).forMailServer(trust),
                Locale.ENGLISH);
        assertHeadlineAndTextsAgree(report);
        return report;
    }

    /** A passed check never says the mail server will refuse; a failed certificate step always does. */
    static void assertHeadlineAndTextsAgree(CheckReport report) {
        CheckStep cert = report.step("certificate").orElseThrow();
        boolean saysRefuse = REFUSAL_PHRASES.stream().anyMatch(cert.explanation()::contains);
        if (report.ok()) {
            assertFalse(saysRefuse, () -> "passed, but the text says the mail server refuses: " + cert);
        }
        if (cert.status() == Status.FAILED && !cert.explanation().contains("does not exist")) {
            assertTrue(saysRefuse, () -> "failed, but the text does not say the mail server refuses: " + cert);
        }
        if (cert.status() != Status.FAILED) {
            assertFalse(saysRefuse, () -> cert.status() + ", but the text says the mail server refuses: " + cert);
        }
    }

    // ---- verification off ------------------------------------------------------------------------

    @Test
    void verifyOffSelfSignedIsAWarningThatPostfixEncryptsWithoutVerifyingAndAuthStillRuns() throws Exception {
        // The reported bug: "fails at the certificate step ... says the mail server would refuse", untrue at level encrypt.
        try (TestServers.Relay server = TestServers.startTls(TestCa.selfSignedContext(HOST))) {
            CheckReport report = check(jvmOnly, relay(HOST, false, server.port(), false), postfix);
            assertTrue(report.ok(), report::toString);
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.WARNING, cert.status());
            assertTrue(cert.explanation().contains("self-signed"), cert::explanation);
            assertTrue(cert.explanation().contains("Postfix encrypts the connection without verifying"), cert::explanation);
            assertEquals("cert.problem.SELF_SIGNED", cert.code());
            assertEquals("off", cert.details().get("verification"));
            assertEquals(Status.OK, step(report, "auth").status(), "AUTH runs: Postfix will log in too");
        }
    }

    @Test
    void verifyOffWithAllowUntrustedIsAPassThatSaysPanelIniAcceptsIt() throws Exception {
        Instant now = Instant.now();
        SSLContext expired = privateCa.serverContext(HOST, now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)), HOST);
        try (TestServers.Relay server = TestServers.startTls(expired)) {
            CheckReport report = check(jvmOnlyAllowing, relay(HOST, false, server.port(), false), postfix);
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.OK, cert.status());
            assertTrue(cert.explanation().contains("expired"), cert::explanation);
            assertTrue(cert.explanation().contains("Accepted: panel.ini allows untrusted certificates"), cert::explanation);
            assertTrue(report.ok());
        }
    }

    // ---- verification on: the mail server's CA file decides ---------------------------------------

    @Test
    void verifyOnAPrivateCaInTheMailServersCaFileOnlyPassesAndTheReportSaysTheJvmDisagrees() throws Exception {
        try (TestServers.Relay server = TestServers.startTls(privateCa.serverContext(HOST))) {
            CheckReport report = check(jvmOnly, relay(HOST, false, server.port(), true), postfix);
            assertTrue(report.ok(), report::toString);
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.OK, cert.status());
            assertTrue(cert.explanation().contains("issued by an authority in Postfix's CA file"), cert::explanation);
            assertTrue(cert.explanation().contains("This panel's Java trust store does not trust"), cert::explanation);
            assertEquals("false", cert.details().get("trustedBySystem"));
            assertEquals("true", cert.details().get("trustedByMailServer"));
            assertEquals(Status.OK, step(report, "auth").status());
        }
    }

    @Test
    void verifyOnACertificateTheJvmTrustsButTheMailServersCaFileDoesNotFails() throws Exception {
        TestCa other = TestCa.create(Files.createDirectories(dir.resolve("other")));
        MailServerTrust otherFile = MailServerTrust.caFile("Postfix", other.pemFile("other-ca.pem"), "smtp_tls_CAfile",
                NameRule.NEXTHOP_OR_SUBDOMAIN);
        CheckPolicy trustsPrivate = CheckPolicy.defaults().withResolver(RESOLVER).withTrustStore(privateCa.trustStore())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800), Duration.ofSeconds(6));
        try (TestServers.Relay server = TestServers.startTls(privateCa.serverContext(HOST));
             ConnectionChecker checker = new ConnectionChecker(trustsPrivate)) {
            CheckReport report = check(checker, relay(HOST, false, server.port(), true), otherFile);
            assertFalse(report.ok());
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.FAILED, cert.status());
            assertTrue(cert.explanation().contains("not issued by an authority in Postfix's CA file"), cert::explanation);
            assertTrue(cert.explanation().contains("This panel's Java trust store trusts the certificate's authority, "
                    + "but Postfix's CA file"), cert::explanation);
            assertTrue(cert.explanation().contains("Postfix will refuse this connection"), cert::explanation);
            assertEquals(Status.SKIPPED, step(report, "auth").status(), "no credentials to a server Postfix would refuse");
            assertEquals("advice.certificateVerified", report.adviceText().orElseThrow().key());
        }
    }

    @Test
    void allowUntrustedNeverMakesTheHeadlinePassWhileTheMailServerWillRefuse() throws Exception {
        // The reported bug: with allowUntrustedCertificate = true the headline said "passed" and the text "will refuse".
        try (TestServers.Relay server = TestServers.startTls(TestCa.selfSignedContext(HOST))) {
            CheckReport report = check(jvmOnlyAllowing, relay(HOST, false, server.port(), true), postfix);
            assertFalse(report.ok(), "Postfix verifies at level secure: it will not deliver");
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.FAILED, cert.status());
            assertTrue(cert.explanation().contains("does not change what Postfix does"), cert::explanation);
        }
    }

    @Test
    void verifyOnASubdomainOfTheRelayNamePassesAsPostfixDotNexthopAllowsAndTheNameDifferenceIsReported() throws Exception {
        try (TestServers.Relay server = TestServers.startTls(privateCa.serverContext("mx1.relay.test"))) {
            CheckReport report = check(jvmOnly, relay(HOST, false, server.port(), true), postfix);
            assertTrue(report.ok(), report::toString);
            CheckStep cert = step(report, "certificate");
            assertEquals("nexthop, dot-nexthop", cert.details().get("nameRule"));
            assertTrue(cert.explanation().contains("Postfix accepts it for the relay relay.test"), cert::explanation);
        }
    }

    @Test
    void verifyOnACertificateForAnotherNameFailsWithPostfixsNameRule() throws Exception {
        try (TestServers.Relay server = TestServers.startTls(privateCa.serverContext("other.test"))) {
            CheckReport report = check(jvmOnly, relay(HOST, false, server.port(), true), postfix);
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.FAILED, cert.status());
            assertTrue(cert.explanation().contains("issued neither for relay.test nor for a subdomain of it"),
                    cert::explanation);
        }
    }

    @Test
    void withMxLookupPostfixWantsTheRelayNameNotTheMailExchangersName() throws Exception {
        try (TestServers.Relay server = TestServers.startTls(privateCa.serverContext("mx.relay.test"))) {
            CheckReport report = check(jvmOnly, relay("mxdomain.test", true, server.port(), true), postfix);
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.FAILED, cert.status(), cert::toString);
            assertEquals("mxdomain.test", cert.details().get("expectedName"));
            assertTrue(cert.explanation().contains("names mx.relay.test, the host connected to, but Postfix requires "
                    + "the relay's name mxdomain.test"), cert::explanation);
        }
    }

    @Test
    void withPostfixAnIpAddressRelayCannotBeVerifiedEvenWithTheAddressInTheCertificate() throws Exception {
        // Measured: Postfix 3.7 at level secure refuses [127.0.0.1] whatever names the certificate (CheckPredictsPostfixTest).
        try (TestServers.Relay server = TestServers.startTls(privateCa.serverContext("127.0.0.1"))) {
            Relay relay = new Relay(new RelayAddress("127.0.0.1", HostKind.IPV4, server.port(), false),
                    Encryption.STARTTLS, true, Optional.empty());
            CheckReport report = check(jvmOnly, relay, postfix);
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.FAILED, cert.status());
            assertEquals("cert.problem.NAME_MISMATCH.ipLiteral", cert.code());
            assertTrue(cert.explanation().contains("use the relay's host name"), cert::explanation);
            assertFalse(cert.explanation().contains("the host connected to"), "no second, contradicting name sentence");
        }
    }

    @Test
    void aMissingCaFileMeansTheMailServerRefusesEveryVerifiedRelay() throws Exception {
        MailServerTrust missing = MailServerTrust.caFile("Postfix", dir.resolve("no-such-ca.pem"), "smtp_tls_CAfile",
                NameRule.NEXTHOP_OR_SUBDOMAIN);
        try (TestServers.Relay server = TestServers.startTls(privateCa.serverContext(HOST))) {
            CheckReport report = check(jvmOnly, relay(HOST, false, server.port(), true), missing);
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.FAILED, cert.status());
            assertTrue(cert.explanation().contains("does not exist"), cert::explanation);
            assertEquals("advice.caFileMissing", report.adviceText().orElseThrow().key());
        }
    }

    @Test
    void aCaFileWithoutCertificatesFallsBackToTheJvmAndSaysSo() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "# nothing here\n");
        MailServerTrust unreadable = MailServerTrust.caFile("Postfix", empty, "smtp_tls_CAfile",
                NameRule.NEXTHOP_OR_SUBDOMAIN);
        try (TestServers.Relay server = TestServers.startTls(privateCa.serverContext(HOST))) {
            CheckReport report = check(jvmOnly, relay(HOST, false, server.port(), true), unreadable);
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.FAILED, cert.status());
            assertTrue(cert.explanation().contains("The panel cannot read Postfix's CA file"), cert::explanation);
            assertEquals("unknown", cert.details().get("trustedByMailServer"));
        }
    }

    @Test
    void frenchReportSaysTheSameInFrench() throws Exception {
        try (TestServers.Relay server = TestServers.startTls(TestCa.selfSignedContext(HOST))) {
            CheckReport report = jvmOnly.check(CheckRequest.of(relay(HOST, false, server.port(), false),
                    Requester.admin("admin")).forMailServer(postfix), Locale.FRENCH);
            CheckStep cert = step(report, "certificate");
            assertEquals(Status.WARNING, cert.status());
            assertTrue(cert.explanation().contains("Postfix chiffre la connexion sans vérifier"), cert::explanation);
        }
    }
}
