package io.smarthost.core.check;

import io.smarthost.core.backend.MailServerTrust;
import io.smarthost.core.backend.MailServerTrust.NameRule;
import io.smarthost.core.check.CheckStep.Status;
import io.smarthost.core.relay.HostKind;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate step: will the mail server that uses this relay accept its certificate? The
 * verdict predicts that mail server ({@link CheckRequest#mailServer()}), not this panel's Java runtime:
 * <ul>
 *   <li>Verification off: the mail server encrypts without verifying, so certificate problems are a
 *       warning saying so (or only a note when {@code smarthost.allowUntrustedCertificate} says the
 *       admin accepts them), and AUTH runs.</li>
 *   <li>Verification on, mail server's CA file known (Postfix {@code smtp_tls_CAfile}): trust is decided
 *       against that file, names by the mail server's rule; a problem fails the step, because the mail
 *       server will refuse the relay whatever panel.ini says. Where this panel's Java trust store would
 *       decide otherwise, the explanation says so.</li>
 *   <li>Verification on, mail server's trust unknown (its own certificate store): judged by this
 *       panel's trust store; a problem fails the step, or is a warning when panel.ini allows untrusted
 *       certificates; either way the text says the mail server may decide otherwise.</li>
 * </ul>
 * A failed step never says "passed", and a passed one never says the mail server will refuse.
 */
final class CertificateStep {
    private final CheckRun run;
    private final RecordingTrustManager java;
    private final MailServerTrust server;
    private final Object serverName;
    private final boolean ipLiteral;

    CertificateStep(CheckRun run, RecordingTrustManager java) {
        this.run = run;
        this.java = java;
        this.server = run.request.mailServer();
        this.serverName = server.mailServer().isBlank() ? CheckText.of("mailServer.generic") : server.mailServer();
        this.ipLiteral = run.relay.address().kind() != HostKind.DNS_NAME;
    }

    void run() {
        run.log.begin("certificate");
        Optional<X509Certificate[]> chain = java.chain();
        if (chain.isEmpty() || chain.get().length == 0) {
            run.fail(CheckText.of("cert.none"), Map.of(), null);
            return;
        }
        X509Certificate leaf = chain.get()[0];
        boolean verify = run.relay.verifyCertificate();
        Optional<CaBundle> ca = server.caFile().map(CaBundle::load);
        boolean byMailServer = ca.filter(b -> b.state() == CaBundle.State.LOADED).isPresent();
        boolean javaName = HostnameMatcher.matches(leaf, run.target.name(), ipLiteral);
        String expected = run.target.name();
        boolean nameMatches = javaName;
        Optional<CertificateException> rejection = java.rejection();
        if (byMailServer) {
            rejection = java.judgeWith(ca.get().trust().orElseThrow());
            if (server.nameRule() == NameRule.NEXTHOP_OR_SUBDOMAIN) {
                expected = run.relay.address().host();
                nameMatches = HostnameMatcher.matchesNexthop(leaf, expected, ipLiteral);
            }
        }
        CertificateFindings findings = CertificateFindings.evaluate(chain.get(), rejection, nameMatches, Instant.now());
        Map<String, String> details = details(findings, ca, byMailServer, expected, verify);
        List<CheckText> texts = new ArrayList<>();
        if (findings.problems().isEmpty()) {
            texts.add(findings.expiresSoon() ? CheckText.of("cert.expiresSoon", findings.daysToExpiry())
                    : CheckText.of(byMailServer ? "cert.ok.caFile" : "cert.ok", expected, findings.daysToExpiry(),
                    serverName, fileName(ca)));
        } else {
            for (CertificateFindings.Problem p : findings.problems()) {
                texts.add(problem(p, findings, expected, byMailServer, ca));
            }
        }
        if (!verify) {
            notVerified(findings, texts, details);
        } else if (ca.filter(b -> b.state() == CaBundle.State.MISSING).isPresent()) {
            texts.add(CheckText.of("cert.caFileMissing", serverName, fileName(ca), server.caSetting()));
            refuse(texts, details, CheckText.of("advice.caFileMissing", fileName(ca)));
        } else if (byMailServer) {
            verifiedByMailServer(findings, javaName, texts, details, ca);
        } else {
            verifiedUnknown(findings, ca, texts, details);
        }
    }

    /** Verification off: the mail server encrypts without looking at the certificate. */
    private void notVerified(CertificateFindings findings, List<CheckText> texts, Map<String, String> details) {
        if (findings.problems().isEmpty()) {
            texts.add(CheckText.of("cert.verifyOff", serverName));
            run.log.end(findings.expiresSoon() ? Status.WARNING : Status.OK, texts, details);
            return;
        }
        texts.add(CheckText.of("cert.notVerified", serverName));
        if (run.policy.allowUntrustedCertificate()) {
            texts.add(CheckText.of("cert.acceptedByIni"));
            run.log.end(Status.OK, texts, details);
        } else {
            run.log.end(Status.WARNING, texts, details);
        }
    }

    /** Verification on, decided as the mail server decides (its CA file, its name rule). */
    private void verifiedByMailServer(CertificateFindings findings, boolean javaName, List<CheckText> texts,
                                      Map<String, String> details, Optional<CaBundle> ca) {
        boolean javaTrusted = java.rejection().isEmpty();
        if (javaTrusted != findings.trusted()) {
            texts.add(CheckText.of(findings.trusted() ? "cert.trustDiffers.mailServerOnly" : "cert.trustDiffers.javaOnly",
                    serverName, fileName(ca)));
        }
        if (javaName != findings.nameMatches() && !ipLiteral) {
            texts.add(CheckText.of(findings.nameMatches() ? "cert.nameDiffers.mailServerOnly"
                    : "cert.nameDiffers.javaOnly", serverName, run.target.name(), run.relay.address().host()));
        }
        if (findings.problems().isEmpty()) {
            run.log.end(findings.expiresSoon() ? Status.WARNING : Status.OK, texts, details);
            return;
        }
        texts.add(CheckText.of("cert.mailServerRefuses", serverName));
        if (run.policy.allowUntrustedCertificate()) {
            texts.add(CheckText.of("cert.iniDoesNotApply", serverName));
        }
        refuse(texts, details, CheckText.of("advice.certificateVerified", run.relay.address().host(), fileName(ca),
                serverName));
    }

    /** Verification on, but the mail server's own trust cannot be read: judged by this panel's trust store. */
    private void verifiedUnknown(CertificateFindings findings, Optional<CaBundle> ca, List<CheckText> texts,
                                 Map<String, String> details) {
        boolean unreadable = ca.isPresent();
        if (unreadable) {
            texts.add(CheckText.of("cert.caFileUnreadable", serverName, fileName(ca), ca.get().problem()));
        } else if (!server.mailServer().isBlank()) {
            texts.add(CheckText.of("cert.rulesUnknown", serverName));
        }
        if (findings.problems().isEmpty()) {
            run.log.end(findings.expiresSoon() || unreadable ? Status.WARNING : Status.OK, texts, details);
            return;
        }
        if (run.policy.allowUntrustedCertificate()) {
            texts.add(CheckText.of("cert.acceptedUnknown", serverName));
            run.log.end(Status.WARNING, texts, details);
            return;
        }
        texts.add(CheckText.of("cert.probablyRefused", serverName));
        refuse(texts, details, CheckText.of("advice.certificate", run.relay.address().host(),
                run.relay.address().port()));
    }

    private void refuse(List<CheckText> texts, Map<String, String> details, CheckText advice) {
        run.log.skipReason("auth", CheckText.of("skip.auth.certificate", serverName));
        run.fail(texts, details, advice);
    }

    private CheckText problem(CertificateFindings.Problem p, CertificateFindings findings, String expected,
                              boolean byMailServer, Optional<CaBundle> ca) {
        String key = "cert.problem." + p.name();
        if (byMailServer && p == CertificateFindings.Problem.UNTRUSTED) {
            key += ".caFile";
        } else if (byMailServer && p == CertificateFindings.Problem.NAME_MISMATCH
                && server.nameRule() == NameRule.NEXTHOP_OR_SUBDOMAIN) {
            key += ipLiteral ? ".ipLiteral" : ".nexthop";
        }
        return CheckText.of(key, expected, findings.leaf().getNotAfter().toInstant().toString(),
                findings.leaf().getNotBefore().toInstant().toString(), serverName, fileName(ca));
    }

    private Map<String, String> details(CertificateFindings findings, Optional<CaBundle> ca, boolean byMailServer,
                                        String expected, boolean verify) {
        Map<String, String> d = findings.facts();
        d.put("verification", verify ? "on" : "off");
        boolean javaTrusted = java.rejection().isEmpty();
        d.put("trustedBySystem", String.valueOf(javaTrusted));
        java.rejection().ifPresent(e -> d.put("trustFailure", CertificateFindings.rootMessage(e)));
        d.put("mailServer", server.mailServer().isBlank() ? "-" : server.mailServer());
        ca.ifPresent(b -> d.put("mailServerCaFile", b.file() + " (" + server.caSetting() + ", "
                + (b.state() == CaBundle.State.LOADED ? b.count() + " certificates" : b.problem()) + ")"));
        d.put("trustedByMailServer", byMailServer ? String.valueOf(findings.trusted()) : "unknown");
        if (byMailServer) {
            findings.rejection().ifPresent(e -> d.put("mailServerTrustFailure", CertificateFindings.rootMessage(e)));
        }
        d.put("expectedName", expected);
        d.put("nameRule", byMailServer && server.nameRule() == NameRule.NEXTHOP_OR_SUBDOMAIN
                ? "nexthop, dot-nexthop" : "RFC 6125");
        d.put("nameMatches", String.valueOf(findings.nameMatches()));
        return d;
    }

    private static String fileName(Optional<CaBundle> ca) {
        return ca.map(b -> b.file().toString()).orElse("");
    }
}
