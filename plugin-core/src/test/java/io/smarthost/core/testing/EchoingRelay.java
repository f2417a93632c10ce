package io.smarthost.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A plain SMTP server on 127.0.0.1 offering only AUTH {@code PLAIN} or {@code LOGIN}, which refuses
 * every login with a reply echoing what it received: the decoded user name and password, and the
 * base64 as sent. What a badly written relay does; nothing a check shows or keeps may contain it.
 */
public final class EchoingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final String mechanism;

    private EchoingRelay(String mechanism) throws IOException {
        this.mechanism = mechanism;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::serve, "echoing-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @param mechanism {@code PLAIN} or {@code LOGIN} */
    public static EchoingRelay start(String mechanism) throws IOException {
        return new EchoingRelay(mechanism);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                session(s);
            } catch (IOException e) {
                // next connection, or closed
            }
        }
    }

    private void session(Socket s) throws IOException {
        s.setSoTimeout(5000);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        Base64.Decoder b64 = Base64.getDecoder();
        say(out, "220 echo.test ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO")) {
                say(out, "250-echo.test\r\n250 AUTH " + mechanism);
            } else if (upper.startsWith("AUTH PLAIN ")) {
                String blob = line.substring(11);
                String decoded = new String(b64.decode(blob), StandardCharsets.UTF_8);
                say(out, "535 5.7.8 login refused for " + decoded.replace('\0', ' ').strip() + " (" + blob + ")");
            } else if (upper.startsWith("AUTH LOGIN")) {
                say(out, "334 VXNlcm5hbWU6");
                String user = in.readLine();
                say(out, "334 UGFzc3dvcmQ6");
                String pass = in.readLine();
                say(out, "535 5.7.8 user " + new String(b64.decode(user), StandardCharsets.UTF_8) + " password "
                        + new String(b64.decode(pass), StandardCharsets.UTF_8) + " refused (" + user + " " + pass + ")");
            } else if (upper.startsWith("QUIT")) {
                say(out, "221 bye");
                return;
            } else {
                say(out, "502 not here");
            }
        }
    }

    private static void say(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
