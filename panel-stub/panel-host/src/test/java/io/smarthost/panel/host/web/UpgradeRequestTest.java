package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.testing.TestPanel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests asking to switch protocols ({@code Upgrade: h2c}, as Java's HttpClient sends on every new connection) are
 * answered over HTTP/1.1 and the connection stays open for the next request, as for any other request (Grizzly alone
 * closed it after the answer without saying so, and the clients that reused it failed).
 */
class UpgradeRequestTest {

    @TempDir
    static Path temp;
    static TestPanel panel;
    static String adminKey;
    static URI base;

    @BeforeAll
    static void start() {
        panel = TestPanel.builder(temp.resolve("home")).plugin(Samples.zip(temp.resolve("build"))).start();
        adminKey = panel.apiKey("admin");
        base = URI.create(panel.baseUrl());
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @Test
    @Timeout(60)
    void anUpgradeRequestIsAnsweredAndItsConnectionKeptForTheNext() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /login HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n\r\n");
            String first = response(socket.getInputStream());
            assertTrue(first.startsWith("HTTP/1.1 200 "), first);
            assertFalse(first.toLowerCase(Locale.ROOT).contains("\r\nupgrade:"), first);
            assertFalse(first.toLowerCase(Locale.ROOT).contains("connection: close"), first);
            send(socket, "GET /login HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n\r\n");
            String second = response(socket.getInputStream());
            assertTrue(second.startsWith("HTTP/1.1 200 "), second);
        }
    }

    /** A body sent with the upgrade (chunked here) is read as any other, and the connection serves the next request. */
    @Test
    @Timeout(60)
    void aChunkedBodyWithAnUpgradeIsReadAsAnyOther() throws Exception {
        try (Socket socket = connect()) {
            String json = "{\"text\":\"over HTTP/1.1\"}";
            send(socket, "POST /api/v2/plugins/sample/echo HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nX-API-Key: " + adminKey
                    + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQBAAAAAAIAAAAA\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n");
            String echo = response(socket.getInputStream());
            assertTrue(echo.startsWith("HTTP/1.1 200 "), echo);
            assertTrue(echo.endsWith("{\"text\":\"echo: over HTTP/1.1\"}"), echo);
            send(socket, "GET /login HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n\r\n");
            assertTrue(response(socket.getInputStream()).startsWith("HTTP/1.1 200 "));
        }
    }

    /** A body announced by its length, with the next request in the same write: both answered, in order. */
    @Test
    @Timeout(60)
    void aBodyAndThePipelinedRequestAfterItAreBothRead() throws Exception {
        try (Socket socket = connect()) {
            String json = "{\"text\":\"first\"}";
            send(socket, "POST /api/v2/plugins/sample/echo HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nX-API-Key: " + adminKey
                    + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n"
                    + "Content-Length: " + json.length() + "\r\n\r\n" + json
                    + "GET /login HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n\r\n");
            String echo = response(socket.getInputStream());
            assertTrue(echo.startsWith("HTTP/1.1 200 ") && echo.endsWith("{\"text\":\"echo: first\"}"), echo);
            assertTrue(response(socket.getInputStream()).startsWith("HTTP/1.1 200 "));
        }
    }

    /** "Connection: Upgrade, close": answered, and the close the client asked for holds. */
    @Test
    @Timeout(60)
    void aCloseAskedForBesideTheUpgradeStillCloses() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /login HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nConnection: Upgrade, close\r\n"
                    + "Upgrade: h2c\r\n\r\n");
            String answer = response(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), answer);
            assertEquals(-1, socket.getInputStream().read(), "the panel closed the connection");
        }
    }

    /** An HTTP/1.0 request with an upgrade is answered as any HTTP/1.0 request (and closed, as 1.0 does). */
    @Test
    @Timeout(60)
    void anHttp10UpgradeRequestIsAnswered() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /login HTTP/1.0\r\nHost: " + base.getAuthority() + "\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
            String answer = response(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200 ") || answer.startsWith("HTTP/1.0 200 "), answer);
            assertEquals(-1, socket.getInputStream().read(), "closed after the answer, as HTTP/1.0 asks");
        }
    }

    /** Java's HttpClient as it comes (HTTP/2 asked for on each new connection), 8 threads: every request answered. */
    @Test
    @Timeout(120)
    void javasHttpClientFromEightThreadsNeverFails() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest login = HttpRequest.newBuilder(base.resolve("/login")).build();
        AtomicInteger answered = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 150; i++) {
                    try {
                        HttpResponse<String> r = client.send(login, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            answered.incrementAndGet();
                        } else {
                            failures.merge("status " + r.statusCode(), 1, Integer::sum);
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.merge(e.toString(), 1, Integer::sum);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(Map.of(), failures);
        assertEquals(8 * 150, answered.get());
    }

    /** A connection to the panel that gives up reading after 20 s. */
    private static Socket connect() throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** One response: status line and headers, then its Content-Length's bytes (the pages and JSON here send one). */
    private static String response(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(c);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        byte[] body = in.readNBytes(length);
        return headers + new String(body, StandardCharsets.UTF_8);
    }
}
