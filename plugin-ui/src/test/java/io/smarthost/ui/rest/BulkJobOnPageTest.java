package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail &gt; Smarthosts shows a bulk change that runs in the background (issue 16): its phase and done/total,
 * drawn by the server, so that reloading the page (no script) follows it; gone once the job ends.
 */
class BulkJobOnPageTest {

    @TempDir
    Path home;

    @Test
    void theSmarthostsPageShowsHowFarARunningBulkChangeIs() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").demoData(false).start()) {
            BulkJobs jobs = BulkJobs.of(panel.panel().services("smarthost"));
            CountDownLatch reported = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            BulkJobs.Job job = jobs.submit(2500, progress -> {
                progress.report("store", 1000, 2500);
                reported.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "finished";
            });
            try {
                assertTrue(reported.await(30, TimeUnit.SECONDS));
                PanelClient admin = panel.login("admin");
                HttpReply page = admin.get("/plugins/smarthost/list");
                assertEquals(200, page.status());
                assertTrue(page.body().contains("id=\"bulk-job\""), page.body());
                assertTrue(page.body().contains("Saving the settings: 1000 of 2500 domains"), page.body());
                assertTrue(page.body().contains("<progress id=\"bulk-job-progress\" value=\"1000\" max=\"2500\""), page.body());
                assertTrue(page.body().contains("id=\"bulk-job-refresh\">"), "a plain link reloads the page: " + page.body());
            } finally {
                release.countDown();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!job.state.equals("done") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("done", job.state);
            assertTrue(jobs.running().isEmpty());
            assertFalse(panel.login("admin").get("/plugins/smarthost/list").body().contains("id=\"bulk-job\""),
                    "no progress once the job is over");
        }
    }
}
