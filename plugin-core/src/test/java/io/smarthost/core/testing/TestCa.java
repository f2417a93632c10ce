package io.smarthost.core.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certification authority for the tests: issues relay certificates, and gives its own
 * certificate as a Java trust store or as a PEM CA file (what a mail server such as Postfix reads as
 * {@code smtp_tls_CAfile}), in a temp folder.
 */
public final class TestCa {
    private static final char[] PASSWORD = "test-store".toCharArray();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final KeyPair key;
    private final X509Certificate certificate;

    private TestCa(Path dir, KeyPair key, X509Certificate certificate) {
        this.dir = dir;
        this.key = key;
        this.certificate = certificate;
    }

    public static TestCa create(Path dir) throws Exception {
        KeyPair key = ecKey();
        X500Name name = new X500Name("CN=Smarthost Test CA,O=Smarthost tests");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, key.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new TestCa(dir, key, sign(builder, key));
    }

    /** The trust store file (PKCS12) holding only this CA, written to the temp folder and read back. */
    public KeyStore trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("test-ca", certificate);
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        KeyStore loaded = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            loaded.load(in, PASSWORD);
        }
        return loaded;
    }

    /** A server TLS context with a certificate from this CA for {@code names} (DNS names or IP literals). */
    public SSLContext serverContext(String cn, Instant notBefore, Instant notAfter, String... names) throws Exception {
        KeyPair leaf = ecKey();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=Smarthost Test CA,O=Smarthost tests"), serial(), Date.from(notBefore),
                Date.from(notAfter), new X500Name("CN=" + cn), leaf.getPublic());
        leafExtensions(builder, names);
        return context(leaf, sign(builder, key), certificate);
    }

    public SSLContext serverContext(String... names) throws Exception {
        Instant now = Instant.now();
        return serverContext(names[0], now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), names);
    }

    /** A self-signed server certificate (no CA), valid and for the right name. */
    public static SSLContext selfSignedContext(String... names) throws Exception {
        KeyPair leaf = ecKey();
        X500Name subject = new X500Name("CN=" + names[0]);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(90))), subject,
                leaf.getPublic());
        leafExtensions(builder, names);
        return context(leaf, sign(builder, leaf));
    }

    /**
     * Subject alternative names: an IP entry for a name starting with a digit, a DNS entry otherwise
     * or when written {@code dns:NAME}; none at all when {@code names} is empty (the CN only).
     */
    private static void leafExtensions(X509v3CertificateBuilder builder, String... names) throws Exception {
        List<GeneralName> alt = new ArrayList<>();
        for (String n : names) {
            alt.add(n.startsWith("dns:") ? new GeneralName(GeneralName.dNSName, n.substring(4))
                    : Character.isDigit(n.charAt(0)) ? new GeneralName(GeneralName.iPAddress, n)
                    : new GeneralName(GeneralName.dNSName, n));
        }
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        if (!alt.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alt.toArray(GeneralName[]::new)));
        }
    }

    private static SSLContext context(KeyPair key, X509Certificate... chain) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key.getPrivate(), PASSWORD, chain.clone());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    /** This CA's certificate as a PEM file {@code name} in the temp folder, readable by every user (a mail server's). */
    public Path pemFile(String name) throws Exception {
        Path file = dir.resolve(name);
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Files.writeString(file, pem);
        file.toFile().setReadable(true, false);
        return file;
    }

    public Certificate certificate() {
        return certificate;
    }
}
