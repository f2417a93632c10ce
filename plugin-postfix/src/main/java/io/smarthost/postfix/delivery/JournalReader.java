package io.smarthost.postfix.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.core.delivery.Delivery;
import io.smarthost.core.delivery.DeliveryLog;
import io.smarthost.panel.api.services.CommandRunner;
import io.smarthost.panel.api.services.CommandRunner.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads Postfix's entries from the systemd journal ({@code [mail] smarthost.postfix.log = journal}):
 * {@code journalctl -o json --after-cursor=C -t postfix/qmgr -t postfix/smtp ...}, one JSON object per entry
 * ({@code __CURSOR}, {@code __REALTIME_TIMESTAMP} in microseconds, {@code SYSLOG_IDENTIFIER}, {@code MESSAGE}).
 * The cursor is the journal's own, and the pending senders. Output the runner cut short is read up to its last
 * whole entry; the next read continues after it.
 */
public final class JournalReader implements DeliveryLog {
    /** The programs whose entries matter: announcements, SMTP deliveries, removals. */
    static final List<String> IDENTIFIERS = List.of("postfix/qmgr", "postfix/smtp", "postfix/relay", "postfix/error",
            "postfix/retry");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRunner runner;
    private final String journalctl;
    private final PendingSenders pending = new PendingSenders();
    private final PostfixLogParser parser;
    private String journalCursor = "";

    public JournalReader(CommandRunner runner, String journalctl, Clock clock) {
        this.runner = runner;
        this.journalctl = journalctl;
        this.parser = new PostfixLogParser(clock, ZoneId.systemDefault(), pending);
    }

    @Override
    public String source() {
        return "journal";
    }

    @Override
    public ReadStats read(Consumer<Delivery> sink, int maxLines) throws IOException {
        List<String> argv = new ArrayList<>(List.of(journalctl, "-o", "json", "--no-pager", "-q"));
        if (journalCursor.isEmpty()) {
            argv.add("--since=-7d");
        } else {
            argv.add("--after-cursor=" + journalCursor);
        }
        for (String id : IDENTIFIERS) {
            argv.add("-t");
            argv.add(id);
        }
        CommandRunner.Result r = runner.run(new Command(argv, null, Duration.ofSeconds(60), Map.of(), Optional.empty()));
        if (r.timedOut() || r.exitCode() != 0 && r.stdout().isEmpty()) {
            throw new IOException("journalctl failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        long[] counts = new long[3];
        String[] lines = r.stdout().split("\n");
        for (int i = 0; i < lines.length && counts[0] < maxLines; i++) {
            entry(lines[i], sink, counts);
        }
        return new ReadStats(counts[0], counts[1], counts[2], counts[0] < maxLines && r.stdout().length() < (1 << 20) - 4096);
    }

    /** One journal entry (a JSON line); a line that is not whole JSON is skipped. */
    void entry(String line, Consumer<Delivery> sink, long[] counts) {
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (IOException e) {
            counts[2]++;
            return;
        }
        counts[0]++;
        String cursor = o.path("__CURSOR").asText("");
        String id = o.path("SYSLOG_IDENTIFIER").asText("");
        String message = o.path("MESSAGE").isTextual() ? o.path("MESSAGE").asText() : "";
        long micros = o.path("__REALTIME_TIMESTAMP").asLong(-1);
        if (!cursor.isEmpty()) {
            journalCursor = cursor;
        }
        if (!id.startsWith("postfix") || message.isEmpty() || micros < 0) {
            counts[2]++;
            return;
        }
        String program = id.substring(id.lastIndexOf('/') + 1);
        byte[] b = (program + " " + message).getBytes(StandardCharsets.UTF_8);
        int msgFrom = program.length() + 1;
        switch (parser.message(micros / 1_000_000, b, 0, program.length(), msgFrom, b.length, sink)) {
            case DELIVERY -> counts[1]++;
            case MALFORMED, FOREIGN -> counts[2]++;
            default -> { }
        }
    }

    @Override
    public String cursor() {
        var o = JSON.createObjectNode();
        o.put("journal", journalCursor);
        var p = o.putArray("pending");
        pending.newest(LogFileReader.PENDING_KEPT).forEach(e -> p.addArray().add(e.getKey()).add(e.getValue()));
        return o.toString();
    }

    @Override
    public void restore(String cursor) {
        pending.clear();
        journalCursor = "";
        try {
            JsonNode o = JSON.readTree(cursor == null || cursor.isBlank() ? "{}" : cursor);
            journalCursor = o.path("journal").asText("");
            for (JsonNode e : o.path("pending")) {
                pending.put(e.get(0).asText(), e.get(1).asText());
            }
        } catch (IOException | RuntimeException e) {
            journalCursor = "";
        }
    }
}
