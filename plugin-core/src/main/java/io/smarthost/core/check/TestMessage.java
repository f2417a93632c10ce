package io.smarthost.core.check;

import io.smarthost.core.relay.RelayAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;

/**
 * The test message: RFC 5322 headers in ASCII (the subject MIME-encoded), a UTF-8 body in base64 so
 * no line can start with a dot or exceed 76 characters; ends with the SMTP terminator's preceding CRLF.
 */
final class TestMessage {
    private TestMessage() {
    }

    static byte[] render(TestMail mail, String heloName, RelayAddress relay, CheckTexts texts) {
        ZonedDateTime now = ZonedDateTime.now();
        String subject = texts.get("mail.subject");
        String body = texts.get("mail.body", heloName, relay.host(), String.valueOf(relay.port()),
                DateTimeFormatter.RFC_1123_DATE_TIME.format(now));
        StringBuilder m = new StringBuilder();
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(now)).append("\r\n");
        m.append("From: <").append(mail.from()).append(">\r\n");
        m.append("To: <").append(mail.to()).append(">\r\n");
        m.append("Subject: =?UTF-8?B?")
                .append(Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))).append("?=\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append(".smarthost-check@").append(heloName).append(">\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: text/plain; charset=UTF-8\r\n");
        m.append("Content-Transfer-Encoding: base64\r\n");
        m.append("Auto-Submitted: auto-generated\r\n");
        m.append("X-Smarthost-Test: yes\r\n");
        m.append("\r\n");
        String encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(body.getBytes(StandardCharsets.UTF_8));
        m.append(encoded).append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(m.toString().getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
