package io.smarthost.core.check;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.X509TrustManager;

/**
 * A mail server's CA file (PEM certificates, as OpenSSL reads {@code smtp_tls_CAfile}) turned into a
 * trust manager, so a certificate is judged against the authorities the mail server trusts. Text
 * between the certificates (comments some bundles carry) is ignored, like OpenSSL does. The parsed
 * file is kept until its size or modification time changes (the system bundle has ~140 certificates).
 *
 * @param file    the file
 * @param state   whether it could be used
 * @param trust   the trust manager, when {@link State#LOADED}
 * @param problem why not, when not loaded (for people)
 * @param count   certificates read
 */
record CaBundle(Path file, State state, Optional<X509TrustManager> trust, String problem, int count) {

    enum State { LOADED, MISSING, UNREADABLE }

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (?:TRUSTED )?CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END (?:TRUSTED )?CERTIFICATE-----");
    private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(long size, long modified, CaBundle bundle) {
    }

    static CaBundle load(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new CaBundle(file, State.MISSING, Optional.empty(), "the file does not exist", 0);
        } catch (IOException e) {
            return unreadable(file, CheckRun.describe(e));
        }
        long modified = attributes.lastModifiedTime().toMillis();
        Cached cached = CACHE.get(file);
        if (cached != null && cached.size() == attributes.size() && cached.modified() == modified) {
            return cached.bundle();
        }
        CaBundle bundle = read(file);
        if (bundle.state() == State.LOADED) {
            CACHE.put(file, new Cached(attributes.size(), modified, bundle));
        }
        return bundle;
    }

    private static CaBundle read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Matcher m = PEM.matcher(text);
            int count = 0;
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                Certificate cert;
                try {
                    cert = x509.generateCertificate(new ByteArrayInputStream(der));
                } catch (GeneralSecurityException e) {
                    continue; // OpenSSL skips what it cannot parse too
                }
                store.setCertificateEntry("ca-" + count++, cert);
            }
            if (count == 0) {
                return unreadable(file, "no PEM certificate in it");
            }
            return new CaBundle(file, State.LOADED, Optional.of(RecordingTrustManager.pkix(Optional.of(store))), "",
                    count);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return unreadable(file, CheckRun.describe(e));
        }
    }

    private static CaBundle unreadable(Path file, String why) {
        return new CaBundle(file, State.UNREADABLE, Optional.empty(), why, 0);
    }
}
