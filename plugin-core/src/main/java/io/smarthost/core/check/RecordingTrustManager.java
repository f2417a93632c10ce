package io.smarthost.core.check;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Lets every handshake finish and remembers what the real trust manager thought of the chain, so that
 * the check can report the certificate's details and every problem at once. The check (not this
 * class) decides afterwards whether the connection may be used: credentials are only sent when the
 * verdict allows it.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {
    private final X509TrustManager delegate;
    private volatile X509Certificate[] chain;
    private volatile String authType;
    private volatile CertificateException rejection;

    /** @param trustStore CA certificates; empty: the JVM's default trust store (cacerts) */
    RecordingTrustManager(Optional<KeyStore> trustStore) throws GeneralSecurityException {
        this.delegate = pkix(trustStore);
    }

    /** The JDK's PKIX trust manager over {@code trustStore} (empty: the JVM's cacerts). */
    static X509TrustManager pkix(Optional<KeyStore> trustStore) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trustStore.orElse(null));
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager in " + factory.getAlgorithm());
    }

    /** A TLS client context that uses this trust manager. */
    SSLContext context() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {this}, null);
        return context;
    }

    Optional<X509Certificate[]> chain() {
        return Optional.ofNullable(chain).map(X509Certificate[]::clone);
    }

    /** Why the trust store rejected the chain; empty when it is trusted. */
    Optional<CertificateException> rejection() {
        return Optional.ofNullable(rejection);
    }

    /**
     * What {@code other} (another set of authorities, e.g. the mail server's CA file) thinks of the
     * chain recorded by the handshake; empty when it trusts it.
     */
    Optional<CertificateException> judgeWith(X509TrustManager other) {
        X509Certificate[] presented = chain;
        if (presented == null) {
            return Optional.of(new CertificateException("no certificate was presented"));
        }
        try {
            other.checkServerTrusted(presented.clone(), authType);
            return Optional.empty();
        } catch (CertificateException e) {
            return Optional.of(e);
        } catch (RuntimeException e) {
            return Optional.of(new CertificateException(e.getMessage(), e));
        }
    }

    private void record(X509Certificate[] presented, String authType) {
        chain = presented.clone();
        this.authType = authType;
        try {
            // Chain and validity only: the host name is matched separately, so both results can be shown.
            delegate.checkServerTrusted(presented, authType);
            rejection = null;
        } catch (CertificateException e) {
            rejection = e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType) {
        record(presented, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType, Socket socket) {
        record(presented, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType, SSLEngine engine) {
        record(presented, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
