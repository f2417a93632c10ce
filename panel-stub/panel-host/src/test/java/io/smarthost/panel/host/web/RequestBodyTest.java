package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies. JSON is read strictly (one value, at most 64 levels, no NaN): 400 naming the field.
 * {@code [web] max_body_kb} (default 1024): a larger body is answered 413 with a sentence, and the panel stops
 * reading it. The uploads here are real sockets that keep sending a 300 MB body; what they manage to send before
 * the answer is counted: a panel that read the body whole would take all 300 MB.
 */
class RequestBodyTest {

    static final long BIG = 300L * 1024 * 1024;
    /** What the client may push before the refusal: the limit plus socket buffers, far below the 300 MB sent. */
    static final long SENT_AT_MOST = 24L * 1024 * 1024;
    static final String ECHO = "/api/v2/plugins/sample/echo";

    @TempDir
    static Path temp;
    static TestPanel panel;
    static String adminKey;

    @BeforeAll
    static void start() {
        panel = TestPanel.builder(temp.resolve("home")).plugin(Samples.zip(temp.resolve("build"))).start();
        adminKey = panel.apiKey("admin");
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @Test
    void aBodyAnnouncedLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Upload up = upload(ECHO, "application/json", false, "{\"text\":\"");
        assertEquals(413, up.status, up.response);
        assertTrue(up.response.contains("{\"errors\":[{\"field\":\"body\",\"message\":\"The request body is larger than the panel "
                + "accepts (1024 KB; [web] max_body_kb in panel.ini). Nothing was changed.\"}]}"), up.response);
        assertTrue(up.sent < SENT_AT_MOST, "sent " + up.sent + " bytes before the refusal");
        System.out.printf(Locale.ROOT, "announced 300 MB: 413 after %d ms, %d bytes sent%n", up.millis, up.sent);
    }

    @Test
    void aChunkedJsonBodyIsRefusedWhenItGrowsPastTheLimit() throws Exception {
        Upload up = upload(ECHO, "application/json", true, "{\"text\":\"");
        assertEquals(413, up.status, up.response);
        assertTrue(up.response.contains("\"field\":\"body\""), up.response);
        assertTrue(up.response.contains("max_body_kb"), up.response);
        assertTrue(up.sent < SENT_AT_MOST, "sent " + up.sent + " bytes before the refusal");
        System.out.printf(Locale.ROOT, "chunked 300 MB JSON: 413 after %d ms, %d bytes sent%n", up.millis, up.sent);
    }

    @Test
    void aChunkedFormIsRefusedWithAPage() throws Exception {
        Upload up = upload("/domains", "application/x-www-form-urlencoded", true, "owner=admin&name=");
        assertEquals(413, up.status, up.response);
        assertTrue(up.response.contains("<h1>Request too large</h1>"), up.response);
        assertTrue(up.sent < SENT_AT_MOST, "sent " + up.sent + " bytes before the refusal");
        assertEquals(0, panel.panel().domains().count(), "no domain made");
    }

    @Test
    void aBodyUpToTheLimitIsReadAndOneByteMoreIsNot() throws IOException {
        PanelClient api = panel.api(adminKey);
        String prefix = "{\"text\":\"";
        String suffix = "\"}";
        int room = 1024 * 1024 - prefix.length() - suffix.length();
        HttpReply exact = api.json("POST", ECHO, prefix + "a".repeat(room) + suffix);
        assertEquals(200, exact.status(), "exactly 1024 KB is accepted");
        assertTrue(exact.body().length() > room, "and read whole");
        String over = announced(ECHO, "application/json", 1024 * 1024 + 1, "X-API-Key: " + adminKey);
        assertTrue(over.startsWith("HTTP/1.1 413 "), over);
        assertTrue(over.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), over);
    }

    @Test
    void theFrenchAnswerIsFrench() throws IOException {
        PanelClient client = panel.anonymous();
        client.get("/login");
        client.post("/lang", java.util.Map.of("lang", "fr"));
        String over = announced("/login", "application/x-www-form-urlencoded", 1024 * 1024 + 1, "Cookie: " + client.cookieHeader());
        assertTrue(over.startsWith("HTTP/1.1 413 "), over);
        assertTrue(over.contains("Requête trop grande"), over);
    }

    @Test
    void jsonWithContentAfterTheValueIsRefused() {
        PanelClient api = panel.api(adminKey);
        assertEquals(200, api.json("POST", ECHO, "{\"text\":\"a\"}").status());
        for (String body : new String[] {"{\"text\":\"a\"}garbage", "{\"text\":\"a\"}{\"text\":\"b\"}", "{\"text\":\"a\"} 1"}) {
            HttpReply reply = api.json("POST", ECHO, body);
            assertEquals(400, reply.status(), body);
            assertTrue(reply.body().startsWith("{\"errors\":[{\"field\":\"body\",\"message\":\""), reply.body());
        }
        assertEquals("{\"errors\":[{\"field\":\"body\",\"message\":\"unexpected content after the JSON value (line 1, column 13)\"}]}",
                api.json("POST", ECHO, "{\"text\":\"a\"}{\"text\":\"b\"}").body());
    }

    @Test
    void deeplyNestedJsonIsA400NotA500() {
        String deep = "{\"text\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        HttpReply reply = panel.api(adminKey).json("POST", ECHO, deep);
        assertEquals(400, reply.status(), reply.body());
        assertEquals("{\"errors\":[{\"field\":\"text\",\"message\":\"wrong type\"}]}", reply.body(), "refused at its first [");
        HttpReply top = panel.api(adminKey).json("POST", ECHO, "[".repeat(100_000) + "]".repeat(100_000));
        assertEquals(400, top.status(), top.body());
    }

    @Test
    void nonFiniteNumbersAreRefusedNamingTheField() {
        for (String value : new String[] {"NaN", "Infinity", "-Infinity"}) {
            HttpReply reply = panel.api(adminKey).json("POST", ECHO, "{\"text\":" + value + "}");
            assertEquals(400, reply.status(), value);
            assertTrue(reply.body().startsWith("{\"errors\":[{\"field\":\"text\",\"message\":\"must be a finite number"), reply.body());
        }
    }

    record Upload(int status, String response, long sent, long millis) {
    }

    /** Sends {@code start} then 'a' up to 300 MB (announced, or chunked) while reading the answer on the same socket. */
    static Upload upload(String path, String type, boolean chunked, String start) throws Exception {
        URI base = URI.create(panel.baseUrl());
        long began = System.nanoTime();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(path, type, "X-API-Key: " + adminKey, chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + BIG));
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] block = new byte[64 * 1024];
                Arrays.fill(block, (byte) 'a');
                byte[] first = start.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(first, 0, block, 0, first.length);
                byte[] chunkHead = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (sent.get() < BIG) {
                        if (chunked) {
                            out.write(chunkHead);
                        }
                        out.write(block);
                        if (chunked) {
                            out.write('\r');
                            out.write('\n');
                        }
                        sent.addAndGet(block.length);
                        block[0] = 'a';
                        Arrays.fill(block, 0, first.length, (byte) 'a');
                    }
                } catch (IOException closedByThePanel) {
                    // expected: the panel answered and closed the connection
                }
            }, "upload");
            writer.start();
            String response = readResponse(socket.getInputStream());
            long millis = (System.nanoTime() - began) / 1_000_000;
            long sentAtAnswer = sent.get();
            socket.close();
            writer.join(60_000);
            int status = Integer.parseInt(response.substring(9, 12));
            return new Upload(status, response, sentAtAnswer, millis);
        }
    }

    /**
     * A request that announces a body of {@code length} bytes and sends none of it, and its answer. A body over the
     * limit is refused on its announced length before it is read, so this answer is certain; a client that sent
     * the body while the panel closed the connection could lose the answer to the reset of the unread bytes.
     */
    static String announced(String path, String type, long length, String header) throws IOException {
        URI base = URI.create(panel.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head(path, type, header, "Content-Length: " + length));
            socket.getOutputStream().flush();
            return readResponse(socket.getInputStream());
        }
    }

    /** A POST's request line and headers: {@code header} (credentials or a cookie) and how the body's length is told. */
    private static byte[] head(String path, String type, String header, String length) {
        URI base = URI.create(panel.baseUrl());
        return ("POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n" + header + "\r\nContent-Type: " + type
                + "\r\nAccept: " + (path.startsWith("/api/") ? "application/json" : "text/html") + "\r\n" + length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The status line, headers and body (by Content-Length, else to the end of the stream). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int length = -1;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return seen.toString(StandardCharsets.UTF_8);
            }
            seen.write(c);
            if (c == '\n') {
                String header = line.toString().strip();
                if (header.isEmpty()) {
                    break;
                }
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).strip());
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        seen.write(body);
        return seen.toString(StandardCharsets.UTF_8);
    }
}
