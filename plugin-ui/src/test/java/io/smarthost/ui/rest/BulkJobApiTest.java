package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.services.DbActionLog;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk change of many domains through REST (issue 16): 202 and a job whose progress and result
 * {@code GET jobs/{id}} shows, the change applied to every domain's map entry, one action-log line for
 * all of them, and list totals counted only up to 10,000 past the page.
 */
class BulkJobApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/api/v2/plugins/smarthost/";

    @TempDir
    Path home;

    @Test
    void aBulkChangeOfTwoThousandDomainsAnswers202AndItsJobEndsWithTheReport() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").demoData(false).start()) {
            panel.createCustomer("alice");
            int n = BulkRest.ASYNC_FROM;
            StringBuilder file = new StringBuilder();
            StringBuilder names = new StringBuilder();
            for (int i = 0; i < n; i++) {
                file.append("b").append(i).append(".example alice\n");
                names.append(i == 0 ? "\"" : ",\"").append("b").append(i).append(".example\"");
            }
            Path list = home.resolve("domains.txt");
            Files.writeString(list, file);
            assertEquals(0, panel.cli("domain", "--create-from", list.toString()).exitCode());
            PanelClient admin = panel.api(panel.apiKey("admin"));

            HttpReply accepted = admin.json("POST", BASE + "bulk/update", "{\"domains\":[" + names + "],"
                    + "\"host\":\"[192.0.2.40]\",\"port\":2525,\"encryption\":\"none\",\"confirmTakeover\":true}");
            assertEquals(202, accepted.status(), accepted.body());
            String location = accepted.headers().firstValue("Location").orElseThrow();
            assertTrue(location.contains(BASE + "jobs/"), location);
            JsonNode job = JSON.readTree(accepted.body());
            assertEquals(n, job.get("total").asLong());

            String path = java.net.URI.create(location).getPath();
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (!job.get("state").asText().equals("done") && !job.get("state").asText().equals("failed")
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
                HttpReply state = admin.get(path);
                assertEquals(200, state.status(), state.body());
                job = JSON.readTree(state.body());
                assertTrue(job.get("done").asLong() <= job.get("total").asLong(), job.toString());
            }
            assertEquals("done", job.get("state").asText(), job.toString());
            assertEquals(200, job.get("status").asInt());
            assertTrue(job.get("result").get("changed").asBoolean(), job.toString());

            String relays = Files.readString(home.resolve("mail-sandbox/postfix/smarthost/sender_relay"));
            assertTrue(relays.contains("@b0.example [192.0.2.40]:2525\n") && relays.contains("@b1999.example [192.0.2.40]:2525\n"),
                    "every domain's entry was written");
            long lines = DbActionLog.latest(panel.panel().jdbc(), 100).stream()
                    .filter(e -> e.action().equals("smarthost.domain.updated")).count();
            assertEquals(1, lines, "one action-log line for the bulk change");
            assertTrue(DbActionLog.latest(panel.panel().jdbc(), 100).stream()
                    .anyMatch(e -> e.action().equals("smarthost.domain.updated") && e.target().equals(n + " domains")
                            && e.actor().equals("admin")), "the line names the count and the API key's user");

            JsonNode page = JSON.readTree(admin.get(BASE + "domains?limit=5").body());
            assertEquals(n, page.get("total").asLong());
            assertTrue(page.get("totalExact").asBoolean(), "2,000 rows are counted exactly");
            var unknown = admin.get(BASE + "jobs/no-such-job");
            assertEquals(404, unknown.status());
            // a long id is cut, and says so with "..." (the character filter turned it into "???")
            var longId = admin.get(BASE + "jobs/" + "A".repeat(80));
            assertEquals(404, longId.status());
            assertTrue(longId.body().contains("no bulk job " + "A".repeat(64) + "... ("), longId.body());
            assertTrue(unknown.body().contains("since it started") && unknown.body().contains("the domains' settings say which"),
                    "a client that lost its job to a restart is told where to look: " + unknown.body());
            PanelClient alice = panel.api(panel.apiKey("alice"));
            assertEquals(404, alice.get(path).status(), "jobs are the admin's");
            assertFalse(admin.get(path).body().contains("\"password\""));

            // a name that is no domain name, in a list large enough for a job: the job fails with 400 and says which
            HttpReply bad = admin.json("POST", BASE + "bulk/disable", "{\"domains\":[" + names + ",\"b7..example\"]}");
            assertEquals(202, bad.status(), bad.body());
            JsonNode badJob = await(admin, java.net.URI.create(bad.headers().firstValue("Location").orElseThrow()).getPath());
            assertEquals("failed", badJob.get("state").asText(), badJob.toString());
            assertEquals(400, badJob.get("status").asInt(), badJob.toString());
            assertEquals("domains[" + n + "]", badJob.get("result").get("errors").get(0).get("field").asText(), badJob.toString());
            assertTrue(badJob.get("result").get("errors").get(0).get("message").asText().contains("'b7..example'"),
                    badJob.toString());

            // turning them off is a job too (it answered after the change, with every domain's name)
            HttpReply off = admin.json("POST", BASE + "bulk/disable", "{\"domains\":[" + names + "],"
                    + "\"confirmTakeover\":true}");
            assertEquals(202, off.status(), off.body());
            JsonNode offJob = await(admin, java.net.URI.create(off.headers().firstValue("Location").orElseThrow()).getPath());
            assertEquals("done", offJob.get("state").asText(), offJob.toString());
            assertEquals(n, offJob.get("result").get("scopeCount").asLong(), offJob.toString());
            assertEquals(BulkJobs.SCOPES_KEPT, offJob.get("result").get("scopes").size());
            Path relayMap = home.resolve("mail-sandbox/postfix/smarthost/sender_relay");
            String relaysOff = Files.exists(relayMap) ? Files.readString(relayMap) : ""; // a map with no entry goes
            assertFalse(relaysOff.contains("@b0.example ") || relaysOff.contains("@b1999.example "), "every entry went");
            JsonNode one = JSON.readTree(admin.get(BASE + "domains/b1234.example").body());
            assertFalse(one.get("settings").get("enabled").asBoolean(), one.toString());
            assertEquals("192.0.2.40", one.get("settings").get("host").asText().replaceAll("[\\[\\]]", ""),
                    "the settings are kept for later: " + one);

            // four bulk changes running or waiting: the next is refused (150 sent at once ran the panel out of memory)
            BulkJobs jobs = BulkJobs.of(panel.panel().services("smarthost"));
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            try {
                for (int i = 0; i < BulkJobs.UNFINISHED; i++) {
                    jobs.submit(1, progress -> {
                        try {
                            release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return "held";
                    });
                }
                HttpReply busy = admin.json("POST", BASE + "bulk/update", "{\"domains\":[" + names + "],"
                        + "\"host\":\"[192.0.2.41]\",\"port\":2525,\"encryption\":\"none\",\"confirmTakeover\":true}");
                assertEquals(429, busy.status(), busy.body());
                assertEquals("5", busy.headers().firstValue("Retry-After").orElse(""));
                assertTrue(busy.body().contains("running or waiting already"), busy.body());
            } finally {
                release.countDown();
            }
            String relaysAfter = Files.exists(relayMap) ? Files.readString(relayMap) : "";
            assertFalse(relaysAfter.contains("192.0.2.41"), "the refused change changed nothing");
        }
    }

    /** Polls a job until it ends (5 minutes at most); its last view. */
    private static JsonNode await(PanelClient admin, String path) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        JsonNode job;
        do {
            Thread.sleep(100);
            HttpReply state = admin.get(path);
            assertEquals(200, state.status(), state.body());
            job = JSON.readTree(state.body());
        } while (!job.get("state").asText().equals("done") && !job.get("state").asText().equals("failed")
                && System.nanoTime() < deadline);
        return job;
    }
}
