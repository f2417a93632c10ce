package io.smarthost.postfix.testing;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

/**
 * An SMTP relay on a loopback address (SubEthaSMTP) that requires AUTH and, by mode, STARTTLS or
 * implicit TLS; it records each message with the login used and whether the connection was
 * encrypted.
 */
public final class TestRelay implements AutoCloseable {

    /** How clients must connect. */
    public enum Mode { STARTTLS, IMPLICIT_TLS, PLAIN }

    /**
     * One message as the relay received it.
     *
     * @param from     envelope sender
     * @param to       envelope recipient
     * @param login    the AUTH identity, empty when the client did not authenticate
     * @param tls      whether the session was encrypted (STARTTLS or implicit)
     * @param data     the message as received
     */
    public record Received(String from, String to, Optional<String> login, boolean tls, String data) {
        public boolean hasSubject(String subject) {
            return data.contains("Subject: " + subject + "\r\n") || data.contains("Subject: " + subject + "\n");
        }
    }

    private final SMTPServer server;
    private final Mode mode;
    private final Map<String, String> users;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private TestRelay(Mode mode, Map<String, String> users, String bindAddress, SSLContext tls) throws Exception {
        this(mode, users, bindAddress, tls, from -> false);
    }

    private TestRelay(Mode mode, Map<String, String> users, String bindAddress, SSLContext tls,
                      Predicate<String> refuseSender) throws Exception {
        this(mode, users, bindAddress, tls, refuseSender, 0, 0, true);
    }

    private TestRelay(Mode mode, Map<String, String> users, String bindAddress, SSLContext tls,
                      Predicate<String> refuseSender, int port, int deferCode, boolean loginRequired) throws Exception {
        this.mode = mode;
        this.users = Map.copyOf(users);
        SMTPServer.Builder b = SMTPServer.port(port)
                .bindAddress(InetAddress.getByName(bindAddress))
                .hostName("relay.test")
                .requireAuth(loginRequired && !users.isEmpty())
                .messageHandler((ctx, from, to, data) -> {
                    if (deferCode > 0) {
                        // a relay in temporary trouble (busy, rate limit): Postfix tries the next next-hop
                        throw new org.subethamail.smtp.RejectException(deferCode, "4.3.0 Temporary trouble, try later");
                    }
                    if (refuseSender.test(from)) {
                        // what relay services answer for a sender domain not verified in the account
                        throw new org.subethamail.smtp.RejectException(550, "5.7.1 Sender address not verified: " + from);
                    }
                    Session s = (Session) ctx;
                    Optional<String> login = ctx.getAuthenticationHandler().map(h -> String.valueOf(h.getIdentity()));
                    boolean encrypted = s.isTLSStarted() || s.getSocket() instanceof SSLSocket;
                    received.add(new Received(from, to, login, encrypted, new String(data, StandardCharsets.UTF_8)));
                });
        if (!users.isEmpty()) {
            b.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(this::login));
        }
        switch (mode) {
            case STARTTLS -> b.enableTLS().requireTLS().startTlsSocketFactory(tls);
            case IMPLICIT_TLS -> b.serverSocketFactory(tls).showAuthCapabilitiesBeforeSTARTTLS(true);
            case PLAIN -> b.showAuthCapabilitiesBeforeSTARTTLS(true);
        }
        this.server = b.build();
        server.start();
    }

    /** Starts a relay on 127.0.0.1 with a fresh self-signed certificate; {@code users}: login -> password. */
    public static TestRelay start(Mode mode, Map<String, String> users) {
        return start(mode, users, "127.0.0.1", TestCertificates.selfSigned());
    }

    /**
     * A relay on 127.0.0.1 that refuses, after DATA, messages whose envelope sender {@code refuseSender} matches,
     * with {@code 550 5.7.1 Sender address not verified} (Postfix bounces them).
     */
    public static TestRelay startRefusing(Mode mode, Map<String, String> users, Predicate<String> refuseSender) {
        try {
            return new TestRelay(mode, users, "127.0.0.1", TestCertificates.selfSigned(), refuseSender);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test relay: " + e, e);
        }
    }

    /**
     * A relay on 127.0.0.1 that offers AUTH for {@code users} but takes mail without it too (a relay that lets the
     * server's address in): what it received says whether the client logged in, and as whom.
     */
    public static TestRelay startLoginOptional(Mode mode, Map<String, String> users) {
        try {
            return new TestRelay(mode, users, "127.0.0.1", TestCertificates.selfSigned(), from -> false, 0, 0, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test relay: " + e, e);
        }
    }

    /** A relay on 127.0.0.1 on a chosen {@code port} (e.g. one that was closed a moment ago). */
    public static TestRelay startOn(int port, Mode mode, Map<String, String> users) {
        try {
            return new TestRelay(mode, users, "127.0.0.1", TestCertificates.selfSigned(), from -> false, port, 0, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test relay on 127.0.0.1:" + port + ": " + e, e);
        }
    }

    /** A relay on 127.0.0.1 that answers every message, after DATA, with {@code code} (e.g. 451): temporary trouble. */
    public static TestRelay startDeferring(Mode mode, Map<String, String> users, int code) {
        try {
            return new TestRelay(mode, users, "127.0.0.1", TestCertificates.selfSigned(), from -> false, 0, code, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test relay: " + e, e);
        }
    }

    public static TestRelay start(Mode mode, Map<String, String> users, String bindAddress, SSLContext tls) {
        try {
            return new TestRelay(mode, users, bindAddress, tls);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test relay on " + bindAddress + ": " + e, e);
        }
    }

    private void login(String user, String password, org.subethamail.smtp.MessageContext ctx) throws LoginFailedException {
        if (!password.equals(users.get(user))) {
            throw new LoginFailedException("bad login for " + user);
        }
    }

    public int port() {
        return server.getPortAllocated();
    }

    public Mode mode() {
        return mode;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits for a message matching {@code which}; fails with what did arrive. */
    public Received await(Predicate<Received> which, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Received r : received) {
                if (which.test(r)) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching message at relay :" + port() + " within " + timeout
                + "; received: " + received.stream().map(r -> r.from() + "->" + r.to() + " login=" + r.login()).toList());
    }

    /** Waits for a message with this subject. */
    public Received await(String subject) throws InterruptedException {
        return await(r -> r.hasSubject(subject), Duration.ofSeconds(20));
    }

    public boolean isReachable() {
        try (Socket s = new Socket("127.0.0.1", port())) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
