package io.smarthost.postfix.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.core.delivery.QueuedMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code postqueue -j}: one JSON object per line and message ({@code queue_name}, {@code queue_id},
 * {@code arrival_time}, {@code sender}, {@code recipients[].delay_reason}). A line that is not whole (output
 * cut at the runner's limit) or not JSON is skipped.
 */
final class PostqueueJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostqueueJson() {
    }

    static List<QueuedMessage> parse(String output, int limit) {
        List<QueuedMessage> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (out.size() >= limit) {
                break;
            }
            if (line.isBlank() || !line.startsWith("{")) {
                continue;
            }
            try {
                JsonNode o = JSON.readTree(line);
                String reason = "";
                int recipients = 0;
                for (JsonNode r : o.path("recipients")) {
                    recipients++;
                    if (reason.isEmpty()) {
                        reason = r.path("delay_reason").asText("");
                    }
                }
                out.add(new QueuedMessage(o.path("queue_id").asText(), o.path("queue_name").asText(),
                        o.path("sender").asText(""), Instant.ofEpochSecond(o.path("arrival_time").asLong()), recipients,
                        reason));
            } catch (Exception e) {
                // cut short or not JSON: skip
            }
        }
        return out;
    }
}
