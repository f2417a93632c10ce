package io.smarthost.core.check;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A line-level SMTP client over a plain or TLS socket, writing every exchange to the transcript.
 * Plain sockets (not a mail library) because the check must see each step on its own: the greeting
 * before anything is sent, the raw bytes when the server speaks TLS instead, the certificate before
 * any credential leaves the machine.
 */
final class SmtpConnection implements AutoCloseable {
    private static final int MAX_LINE_BYTES = 2048;
    private static final int MAX_REPLY_LINES = 100;

    private final Transcript transcript;
    private final Deadline deadline;
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;

    SmtpConnection(Socket socket, Transcript transcript, Deadline deadline) throws IOException {
        this.transcript = transcript;
        this.deadline = deadline;
        use(socket);
    }

    /** Switches to another socket layered on the same connection (after a TLS handshake). */
    void use(Socket next) throws IOException {
        this.socket = next;
        // A fresh buffer: bytes a server sent in clear before the handshake must never count as encrypted.
        this.in = new BufferedInputStream(next.getInputStream());
        this.out = next.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    /** Whether the server already sent bytes we have not read (e.g. pipelined after a STARTTLS 220). */
    boolean hasUnreadInput() throws IOException {
        return in.available() > 0;
    }

    /**
     * Reads one reply within {@code limit} (and the overall deadline).
     *
     * @throws SocketTimeoutException  when the server stays silent
     * @throws NotSmtpException        when the bytes are not an SMTP reply (e.g. TLS records)
     * @throws java.io.EOFException    when the server closes the connection
     */
    SmtpReply read(Duration limit) throws IOException {
        socket.setSoTimeout(deadline.millis(limit));
        List<String> texts = new ArrayList<>();
        while (texts.size() < MAX_REPLY_LINES) {
            byte[] raw = readLine();
            String line = new String(raw, StandardCharsets.UTF_8);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' '
                    && line.charAt(3) != '-')) {
                throw new NotSmtpException(raw);
            }
            transcript.server(line);
            int code = Integer.parseInt(line.substring(0, 3));
            texts.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(code, texts);
            }
        }
        throw new NotSmtpException("more than 100 reply lines".getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends a command and shows it as is. */
    void send(String line) throws IOException {
        sendShown(line, line);
    }

    /** Sends {@code line} but writes {@code shown} to the transcript (for anything holding a credential). */
    void sendShown(String line, String shown) throws IOException {
        transcript.client(shown);
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends raw bytes (a message body) and notes only their size. */
    void sendData(byte[] data, String shown) throws IOException {
        transcript.client(shown);
        out.write(data);
        out.flush();
    }

    SmtpReply command(String line, Duration limit) throws IOException {
        send(line);
        return read(limit);
    }

    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    throw new java.io.EOFException("connection closed by the server");
                }
                return line.toByteArray();
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return java.util.Arrays.copyOf(bytes, end);
            }
            if (line.size() < MAX_LINE_BYTES) {
                line.write(b);
            } else if (line.size() == MAX_LINE_BYTES) {
                // A line this long is no SMTP reply: stop reading rather than follow an endless stream.
                throw new NotSmtpException(line.toByteArray());
            }
            if (line.size() == 1 && (b == 0x15 || b == 0x16)) {
                // TLS alert or handshake record where an SMTP reply was expected.
                throw new NotSmtpException(line.toByteArray());
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort; the check's report already says what happened
        }
    }

    /** The server sent something that is not an SMTP reply. */
    static final class NotSmtpException extends IOException {
        private final byte[] start;

        NotSmtpException(byte[] start) {
            super("not an SMTP reply");
            this.start = java.util.Arrays.copyOf(start, Math.min(start.length, 16));
        }

        /** Whether the bytes look like a TLS record (handshake 0x16 or alert 0x15). */
        boolean looksLikeTls() {
            return start.length > 0 && (start[0] == 0x15 || start[0] == 0x16);
        }

        /** The first bytes in hex, for the details. */
        String hex() {
            StringBuilder sb = new StringBuilder();
            for (byte b : start) {
                sb.append(String.format("%02x", b & 0xff));
            }
            return sb.toString();
        }
    }
}
