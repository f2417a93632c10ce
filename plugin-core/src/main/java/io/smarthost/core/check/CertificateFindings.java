package io.smarthost.core.check;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the certificate step found, as judged by whoever decides (the mail server's CA file and name
 * rule when known, else this panel's trust store): the leaf's facts, and each problem separately (a
 * certificate can be self-signed, expired and for another name at once; the admin should see all).
 *
 * @param rejection why the deciding authorities rejected the chain; empty when trusted
 */
record CertificateFindings(X509Certificate leaf, int chainLength, List<Problem> problems, long daysToExpiry,
                           boolean nameMatches, Optional<CertificateException> rejection) {

    /** A reason the certificate is not acceptable as is. */
    enum Problem { EXPIRED, NOT_YET_VALID, SELF_SIGNED, UNTRUSTED, NAME_MISMATCH }

    /** Days before expiry below which a good certificate still gets a warning. */
    static final long EXPIRY_WARNING_DAYS = 14;

    static CertificateFindings evaluate(X509Certificate[] chain, Optional<CertificateException> rejection,
                                        boolean nameMatches, Instant now) {
        X509Certificate leaf = chain[0];
        List<Problem> problems = new ArrayList<>();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            problems.add(Problem.EXPIRED);
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            problems.add(Problem.NOT_YET_VALID);
        }
        boolean trusted = rejection.isEmpty();
        // A self-signed certificate put in the trusted authorities by hand is trusted: not a problem then.
        if (!trusted && isSelfSigned(leaf)) {
            problems.add(Problem.SELF_SIGNED);
        }
        if (!trusted && problems.isEmpty()) {
            problems.add(Problem.UNTRUSTED);
        }
        if (!nameMatches) {
            problems.add(Problem.NAME_MISMATCH);
        }
        long days = Duration.between(now, leaf.getNotAfter().toInstant()).toDays();
        return new CertificateFindings(leaf, chain.length, List.copyOf(problems), days, nameMatches, rejection);
    }

    boolean trusted() {
        return rejection.isEmpty();
    }

    boolean expiresSoon() {
        return problems.isEmpty() && daysToExpiry < EXPIRY_WARNING_DAYS;
    }

    /** The certificate's facts shown in the step's details (no private data: certificates are public). */
    Map<String, String> facts() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("subject", leaf.getSubjectX500Principal().getName());
        d.put("subjectAltNames", String.join(", ", HostnameMatcher.describeAltNames(leaf)));
        d.put("issuer", leaf.getIssuerX500Principal().getName());
        d.put("notBefore", leaf.getNotBefore().toInstant().toString());
        d.put("notAfter", leaf.getNotAfter().toInstant().toString());
        d.put("daysToExpiry", String.valueOf(daysToExpiry));
        d.put("chainLength", String.valueOf(chainLength));
        d.put("sha256", fingerprint(leaf));
        return d;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static boolean isSelfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            return "";
        }
    }
}
