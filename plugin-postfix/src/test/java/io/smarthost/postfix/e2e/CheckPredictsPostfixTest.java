package io.smarthost.postfix.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.check.CheckPolicy;
import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.CheckRequest;
import io.smarthost.core.check.CheckStep;
import io.smarthost.core.check.ConnectionChecker;
import io.smarthost.core.check.Requester;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.testing.TestCa;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.testkit.TestHostServices;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.postfix.testing.TestRelay.Mode;
import io.smarthost.postfix.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of issue 12, item 4: for each certificate case, with verification on and off, the
 * connection check's verdict (run as the pages run it: {@code SmarthostService.relayFor} with the
 * stored secret, {@code mailServerTrust()}, {@link ConnectionChecker}) equals what a real Postfix,
 * configured by the panel's Postfix backend with the same relay, did with a mail: delivered through
 * the relay, or kept in the queue.
 *
 * <p>Relays are SubEthaSMTP on 127.0.0.1 named {@code [localhost]} (no MX lookup), STARTTLS and AUTH
 * required. The private CA is only in the CA file given to Postfix ({@code smtp_tls_CAfile} of the
 * verifying transports), never in the JVM's trust store, which the check uses as "the panel's".
 * One Postfix for all cases; every case is a sender domain with its own relay, so one inject.
 */
class CheckPredictsPostfixTest {
    static final String USER = "relay-user";
    static final String PASSWORD = "relay-pw-7Q";
    static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    static Path base;
    static PostfixInstance postfix;
    static TestCa privateCa;
    static SmarthostService service;
    static ConnectionChecker checker;
    static final List<TestRelay> relays = new ArrayList<>();

    /** A certificate the relay presents. */
    enum Certificate {
        PRIVATE_CA_IN_POSTFIX_CA_FILE_ONLY, SELF_SIGNED, EXPIRED, WRONG_NAME,
        /** Certificate for mx1.localhost: Postfix's dot-nexthop accepts it, RFC 6125 would not. */
        SUBDOMAIN_OF_THE_RELAY_NAME,
        /** Relay {@code [127.0.0.1]}, certificate with the IP entry 127.0.0.1. */
        IP_LITERAL_WITH_IP_ENTRY,
        /** Relay {@code [127.0.0.1]}, certificate with only the CN 127.0.0.1. */
        IP_LITERAL_CN_ONLY;

        String host() {
            return name().startsWith("IP_") ? "[127.0.0.1]" : "[localhost]";
        }
    }

    /** One row of the matrix: what the check said, what Postfix did. */
    record Outcome(Certificate certificate, boolean verify, boolean checkSaysDelivers, String certificateStep,
                   boolean postfixDelivered, String postfixStatus) {
        boolean agree() {
            return checkSaysDelivers == postfixDelivered;
        }

        @Override
        public String toString() {
            return String.format("%-36s verify=%-5s check=%-8s postfix=%-9s | %s | %s", certificate, verify,
                    checkSaysDelivers ? "delivers" : "refuses", postfixDelivered ? "delivered" : "kept", certificateStep,
                    postfixStatus);
        }
    }

    @BeforeAll
    static void startAll() throws Exception {
        postfix = PostfixInstance.create(base);
        Path caDir = Files.createDirectories(postfix.configDir().resolve("test-ca"));
        Files.setPosixFilePermissions(caDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        privateCa = TestCa.create(caDir);
        Path caFile = privateCa.pemFile("private-ca.pem");
        PostfixMailBackend backend = new PostfixMailBackend(postfix.settings().withCaFile(caFile.toString()));
        postfix.start();
        TestHostServices host = new TestHostServices(Files.createDirectories(base.resolve("home")));
        service = new SmarthostService(host, List.of(backend));
        for (Certificate c : Certificate.values()) {
            for (boolean verify : new boolean[] {true, false}) {
                host.domains().add(domain(c, verify), "admin");
            }
        }
        // The checker's own trust store is the JVM's cacerts, as in the panel: it does not know the private CA.
        checker = new ConnectionChecker(CheckPolicy.defaults()
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (checker != null) {
            checker.close();
        }
        relays.forEach(TestRelay::close);
        if (postfix != null) {
            postfix.close();
        }
    }

    static String domain(Certificate c, boolean verify) {
        return c.name().toLowerCase(Locale.ROOT).replace('_', '-') + (verify ? "-verify" : "-noverify") + ".example";
    }

    static SSLContext context(Certificate c) throws Exception {
        Instant now = Instant.now();
        return switch (c) {
            case PRIVATE_CA_IN_POSTFIX_CA_FILE_ONLY -> privateCa.serverContext("localhost");
            case SELF_SIGNED -> TestCa.selfSignedContext("localhost");
            case EXPIRED -> privateCa.serverContext("localhost", now.minus(Duration.ofDays(90)),
                    now.minus(Duration.ofDays(2)), "localhost");
            case WRONG_NAME -> privateCa.serverContext("relay.other.example");
            case SUBDOMAIN_OF_THE_RELAY_NAME -> privateCa.serverContext("mx1.localhost");
            case IP_LITERAL_WITH_IP_ENTRY -> privateCa.serverContext("127.0.0.1");
            case IP_LITERAL_CN_ONLY -> privateCa.serverContext("127.0.0.1", now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(30)));
        };
    }

    static RelayInput input(Certificate c, int port, boolean verify, String password) {
        return RelayInput.builder().enabled(true).host(c.host()).port(String.valueOf(port)).encryption("starttls")
                .verifyCertificate(verify).login(USER, password).build();
    }

    @Test
    void forEveryCertificateCaseTheCheckVerdictIsWhatPostfixDid() throws Exception {
        long started = System.nanoTime();
        long applyNanos = 0;
        Map<String, Outcome> partial = new LinkedHashMap<>();
        Map<String, TestRelay> relayOf = new LinkedHashMap<>();
        for (Certificate c : Certificate.values()) {
            TestRelay relay = TestRelay.start(Mode.STARTTLS, Map.of(USER, PASSWORD), "127.0.0.1", context(c));
            relays.add(relay);
            for (boolean verify : new boolean[] {true, false}) {
                String domain = domain(c, verify);
                long t0 = System.nanoTime();
                service.updateDomain(domain, input(c, relay.port(), verify, PASSWORD));
                applyNanos += System.nanoTime() - t0;
                // What Check connection does for the saved relay: blank password = the stored one.
                Relay checked = service.relayFor(Scope.domain(domain), input(c, relay.port(), verify, null)).orElseThrow();
                CheckReport report = checker.check(CheckRequest.of(checked, Requester.admin("admin"))
                        .forMailServer(service.mailServerTrust()), Locale.ENGLISH);
                String cert = report.step("certificate").map(s -> s.status().id() + ": " + s.explanation()).orElse("-");
                partial.put(domain, new Outcome(c, verify, report.ok(), cert, false, ""));
                relayOf.put(domain, relay);
                assertTrue(report.firstFailure().map(CheckStep::id).filter(id -> !id.equals("certificate")).isEmpty(),
                        () -> "only the certificate may decide here: " + report);
            }
        }
        long checked = System.nanoTime();
        for (String domain : partial.keySet()) {
            postfix.send("sender@" + domain, rcpt(domain), "matrix " + domain);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, Outcome> e : partial.entrySet()) {
            String status = awaitStatus(rcpt(e.getKey()));
            boolean delivered = relayOf.get(e.getKey()).received().stream().anyMatch(r -> r.hasSubject("matrix " + e.getKey()));
            Outcome o = e.getValue();
            outcomes.add(new Outcome(o.certificate(), o.verify(), o.checkSaysDelivers(), o.certificateStep(), delivered,
                    status));
        }
        String table = String.join("\n", outcomes.stream().map(Outcome::toString).toList());
        System.out.printf("check vs Postfix (%d applies %d ms, %d checks %d ms, deliveries %d ms):%n%s%n",
                outcomes.size(), applyNanos / 1_000_000, outcomes.size(), (checked - started - applyNanos) / 1_000_000,
                (System.nanoTime() - checked) / 1_000_000, table);
        assertEquals(List.of(), outcomes.stream().filter(o -> !o.agree()).toList(),
                () -> "the check and Postfix disagree:\n" + table + "\nmaillog:\n" + postfix.maillog());
        // The matrix is not trivially one-sided: Postfix delivered some and kept others.
        assertTrue(outcomes.stream().anyMatch(Outcome::postfixDelivered) && outcomes.stream().anyMatch(o -> !o.postfixDelivered()),
                table);
    }

    static String rcpt(String domain) {
        return "rcpt@to-" + domain.replace(".example", ".remote.example");
    }

    /** Postfix's verdict for the message to {@code rcpt}: {@code sent}, {@code deferred} or {@code bounced} with its reason. */
    static String awaitStatus(String rcpt) throws InterruptedException {
        Pattern line = Pattern.compile("to=<" + Pattern.quote(rcpt) + ">.*?status=(sent|deferred|bounced) ?(.*)");
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Matcher m = line.matcher(postfix.maillog());
            if (m.find()) {
                return m.group(1) + " " + m.group(2);
            }
            Thread.sleep(100);
        }
        return "no status within " + WAIT.toSeconds() + " s";
    }
}
