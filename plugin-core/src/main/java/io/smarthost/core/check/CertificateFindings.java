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
 * What the certificate step found: the leaf's facts, and each problem separately (a certificate can
 * be self-signed, expired and for another name at once; the admin should see all three).
 */
record CertificateFindings(X509Certificate leaf, int chainLength, List<Problem> problems, long daysToExpiry,
                           boolean trusted, boolean nameMatches, Optional<String> trustFailure) {

    /** A reason the certificate is not acceptable as is. */
    enum Problem { EXPIRED, NOT_YET_VALID, SELF_SIGNED, UNTRUSTED, NAME_MISMATCH }

    /** Days before expiry below which a good certificate still gets a warning. */
    static final long EXPIRY_WARNING_DAYS = 14;

    static CertificateFindings evaluate(X509Certificate[] chain, Optional<CertificateException> rejection,
                                        String expectedHost, boolean ipLiteral, Instant now) {
        X509Certificate leaf = chain[0];
        List<Problem> problems = new ArrayList<>();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            problems.add(Problem.EXPIRED);
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            problems.add(Problem.NOT_YET_VALID);
        }
        if (isSelfSigned(leaf)) {
            problems.add(Problem.SELF_SIGNED);
        }
        boolean trusted = rejection.isEmpty();
        if (!trusted && !problems.contains(Problem.SELF_SIGNED) && !problems.contains(Problem.EXPIRED)
                && !problems.contains(Problem.NOT_YET_VALID)) {
            problems.add(Problem.UNTRUSTED);
        }
        boolean nameMatches = HostnameMatcher.matches(leaf, expectedHost, ipLiteral);
        if (!nameMatches) {
            problems.add(Problem.NAME_MISMATCH);
        }
        long days = Duration.between(now, leaf.getNotAfter().toInstant()).toDays();
        return new CertificateFindings(leaf, chain.length, List.copyOf(problems), days, trusted, nameMatches,
                rejection.map(CertificateFindings::rootMessage));
    }

    boolean expiresSoon() {
        return problems.isEmpty() && daysToExpiry < EXPIRY_WARNING_DAYS;
    }

    /** The facts shown in the step's details (no private data: certificates are public). */
    Map<String, String> details(String expectedHost) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("subject", leaf.getSubjectX500Principal().getName());
        d.put("subjectAltNames", String.join(", ", HostnameMatcher.describeAltNames(leaf)));
        d.put("issuer", leaf.getIssuerX500Principal().getName());
        d.put("notBefore", leaf.getNotBefore().toInstant().toString());
        d.put("notAfter", leaf.getNotAfter().toInstant().toString());
        d.put("daysToExpiry", String.valueOf(daysToExpiry));
        d.put("chainLength", String.valueOf(chainLength));
        d.put("trustedBySystem", String.valueOf(trusted));
        trustFailure.ifPresent(f -> d.put("trustFailure", f));
        d.put("expectedName", expectedHost);
        d.put("nameMatches", String.valueOf(nameMatches));
        d.put("sha256", fingerprint(leaf));
        return d;
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
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
