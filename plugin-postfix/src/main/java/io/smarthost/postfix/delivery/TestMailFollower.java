package io.smarthost.postfix.delivery;

import io.smarthost.core.delivery.Delivery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Follows one message through a Postfix log file from a given offset: the {@code cleanup} line with its unique
 * {@code message-id} names its queue id, then the first {@code to=... status=} line of that queue id is its
 * delivery. Independent of the tracker's cursor (reads only what was written after the message was handed over).
 */
final class TestMailFollower {
    private final Path log;
    private final String messageId;
    private final PostfixLogParser parser;
    private final java.util.function.Consumer<String> queued;
    private long offset;
    private String queueId = "";
    private Delivery delivery;

    TestMailFollower(Path log, String messageId, Clock clock) throws IOException {
        this(log, messageId, clock, id -> { });
    }

    /** @param queued told the queue id once the log names it */
    TestMailFollower(Path log, String messageId, Clock clock, java.util.function.Consumer<String> queued) throws IOException {
        this.log = log;
        this.queued = queued;
        this.messageId = messageId;
        this.parser = new PostfixLogParser(clock, ZoneId.systemDefault(), new PendingSenders());
        this.offset = Files.exists(log) ? Files.size(log) : 0;
    }

    String queueId() {
        return queueId;
    }

    Optional<Delivery> delivery() {
        return Optional.ofNullable(delivery);
    }

    /** Reads what the log gained; true once the delivery was found. */
    boolean step() throws IOException {
        if (!Files.exists(log)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            if (ch.size() < offset) {
                offset = 0; // rotated or truncated meanwhile
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size() - offset, 8 << 20));
            ch.read(buf, offset);
            byte[] b = buf.array();
            int start = 0;
            for (int i = 0; i < buf.position(); i++) {
                if (b[i] != '\n') {
                    continue;
                }
                line(b, start, i);
                start = i + 1;
                if (delivery != null) {
                    return true;
                }
            }
            offset += start;
        }
        return delivery != null;
    }

    private void line(byte[] b, int from, int to) {
        String text = new String(b, from, to - from, StandardCharsets.UTF_8);
        if (queueId.isEmpty()) {
            int at = text.indexOf(": message-id=<" + messageId + ">");
            if (at > 0) {
                int idStart = text.lastIndexOf(' ', at - 1) + 1;
                queueId = text.substring(idStart, at);
                queued.accept(queueId);
            }
            return;
        }
        if (text.contains(" " + queueId + ": ")) {
            parser.line(b, from, to, d -> {
                if (delivery == null && d.queueId().equals(queueId)) {
                    delivery = d;
                }
            });
        }
    }
}
