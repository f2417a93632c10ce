package io.smarthost.core.check;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/** SMTP relays (SubEthaSMTP) and raw misbehaving servers, all on 127.0.0.1 with a free port. */
final class TestServers {
    static final String USER = "apikey";
    static final String SECRET = "S3cr3t-Relay-Key-7f9a";

    private TestServers() {
    }

    /** One received message. */
    record Received(String from, String to, String data, String login) {
    }

    /** A running server; closing stops it. */
    interface Server extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    /** A SubEthaSMTP relay with its options. */
    static final class Relay implements Server {
        final List<Received> received = new CopyOnWriteArrayList<>();
        private final SMTPServer server;

        private Relay(SMTPServer.Builder builder) {
            builder.bindAddress(loopback()).hostName("relay.test")
                    .messageHandler((context, from, to, data) -> received.add(new Received(from, to,
                            new String(data, StandardCharsets.UTF_8),
                            context.getAuthenticationHandler().map(h -> String.valueOf(h.getIdentity())).orElse(""))));
            this.server = builder.build();
            server.start();
        }

        @Override
        public int port() {
            return server.getPortAllocated();
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    /** STARTTLS (required) and AUTH PLAIN/LOGIN (required), user {@link #USER} / {@link #SECRET}. */
    static Relay startTls(SSLContext tls) {
        return new Relay(SMTPServer.port(0).startTlsSocketFactory(tls).enableTLS().requireTLS()
                .authenticationHandlerFactory(auth()).requireAuth());
    }

    /** STARTTLS offered, no AUTH at all. */
    static Relay startTlsWithoutAuth(SSLContext tls) {
        return new Relay(SMTPServer.port(0).startTlsSocketFactory(tls).enableTLS());
    }

    /** Implicit TLS (SMTPS) with AUTH. */
    static Relay implicitTls(SSLContext tls) {
        return new Relay(SMTPServer.port(0).serverSocketFactory(tls).authenticationHandlerFactory(auth()).requireAuth());
    }

    /** Plain SMTP: no STARTTLS, AUTH offered in clear. */
    static Relay plain() {
        return new Relay(SMTPServer.port(0).showAuthCapabilitiesBeforeSTARTTLS(true)
                .authenticationHandlerFactory(auth()));
    }

    private static EasyAuthenticationHandlerFactory auth() {
        return new EasyAuthenticationHandlerFactory((user, password, context) -> {
            if (!USER.equals(user) || !SECRET.equals(password)) {
                throw new LoginFailedException("bad credentials");
            }
        });
    }

    /** Accepts connections and, after {@code delay}, greets (never, when null) then keeps the connection open. */
    static Server raw(Duration delay) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(loopback(), 0));
        List<Socket> open = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    open.add(s);
                    if (delay != null) {
                        Thread greeter = new Thread(() -> greetLater(s, delay));
                        greeter.setDaemon(true);
                        greeter.start();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return new Server() {
            @Override
            public int port() {
                return listener.getLocalPort();
            }

            @Override
            public void close() {
                try {
                    listener.close();
                    for (Socket s : open) {
                        s.close();
                    }
                } catch (IOException ignored) {
                    // test teardown
                }
            }
        };
    }

    private static void greetLater(Socket s, Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            OutputStream out = s.getOutputStream();
            out.write("220 slow.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | InterruptedException ignored) {
            // the client may have gone already
        }
    }

    /** A port on 127.0.0.1 where nothing listens (bound once, then closed). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(loopback(), 0));
            return s.getLocalPort();
        }
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
