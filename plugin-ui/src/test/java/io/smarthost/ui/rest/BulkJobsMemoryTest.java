package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A finished job keeps its report's first names, not the change's whole list: each bulk change of 100,000
 * domains kept its 100,000 names (a view of the first hundred holds the list it was cut from); after twenty
 * of them the panel's heap was full and a bulk change took two minutes instead of two seconds.
 */
class BulkJobsMemoryTest {

    @Test
    void aFinishedJobDoesNotHoldTheChangesListOfNames() throws Exception {
        try (BulkJobs jobs = new BulkJobs()) {
            List<String> scopes = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                scopes.add("d" + i + ".example");
                warnings.add("d" + i + ".example: a warning");
            }
            WeakReference<List<String>> names = new WeakReference<>(scopes);
            WeakReference<List<String>> texts = new WeakReference<>(warnings);
            // handed over once: the test keeps no way to the lists but the weak references
            Object[] update = {new ApiModel.Update(scopes, true, true, List.of("postmap"), warnings, 12)};
            BulkJobs.Job job = jobs.submit(5000, progress -> {
                Object u = update[0];
                update[0] = null;
                return u;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!job.state.equals("done") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("done", job.state);
            @SuppressWarnings("unchecked")
            Map<String, Object> kept = (Map<String, Object>) job.result;
            assertEquals(BulkJobs.SCOPES_KEPT, ((List<?>) kept.get("scopes")).size());
            assertEquals("d99.example", ((List<?>) kept.get("scopes")).get(99));
            assertEquals(5000, kept.get("scopeCount"));
            assertEquals(BulkJobs.SCOPES_KEPT, ((List<?>) kept.get("warnings")).size());
            assertEquals(5000, kept.get("warningCount"));
            scopes = null;
            warnings = null;
            for (int i = 0; i < 20 && (names.get() != null || texts.get() != null); i++) {
                System.gc();
                Thread.sleep(50);
            }
            assertTrue(names.get() == null, "the job keeps the change's 5,000 names");
            assertTrue(texts.get() == null, "the job keeps the change's 5,000 warnings");
        }
    }

    /**
     * A job refused before it writes anything (an unknown domain, invalid input) ends in the phase "check", where it
     * was refused: it said "queued", as if it had never started.
     */
    @Test
    void aJobRefusedByItsChecksEndsInThePhaseCheck() throws Exception {
        try (BulkJobs jobs = new BulkJobs()) {
            BulkJobs.Job refused = jobs.submit(5000, progress -> {
                throw new jakarta.ws.rs.WebApplicationException(jakarta.ws.rs.core.Response.status(400)
                        .entity("domains a, b do not exist").build());
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!refused.finished() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("failed", refused.state);
            assertEquals(400, refused.status);
            assertEquals("check", refused.phase);

            BulkJobs.Job stored = jobs.submit(2, progress -> {
                progress.report("store", 2, 2);
                progress.report("apply", 0, 2);
                return "ok";
            });
            while (!stored.finished() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("apply", stored.phase, "the last phase it reported");
        }
    }

    /** A job whose work runs out of memory says it failed (it stayed "running" for ever), and the next job runs. */
    @Test
    void aJobThatRunsOutOfMemoryEndsAsFailed() throws Exception {
        try (BulkJobs jobs = new BulkJobs()) {
            BulkJobs.Job failed = jobs.submit(5000, progress -> {
                throw new OutOfMemoryError("Java heap space");
            });
            BulkJobs.Job next = jobs.submit(1, progress -> "next");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!next.state.equals("done") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("failed", failed.state);
            assertEquals(500, failed.status);
            assertTrue(failed.result.toString().contains("OutOfMemoryError: Java heap space"), failed.result.toString());
            assertEquals("done", next.state, "the worker runs the next job");
            assertTrue(jobs.running().isEmpty(), "no job shown as running");
        }
    }

    /**
     * At most {@value BulkJobs#UNFINISHED} jobs run or wait; past {@value BulkJobs#KEPT} jobs the oldest finished
     * ones are forgotten, never one that has not run yet (a client sent 60 at once and 10 answered 404 at once).
     */
    @Test
    void aFullQueueIsRefusedAndAJobNotFinishedIsNeverForgotten() throws Exception {
        try (BulkJobs jobs = new BulkJobs()) {
            for (int i = 0; i < BulkJobs.KEPT; i++) {
                BulkJobs.Job quick = jobs.submit(1, progress -> "quick");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!quick.finished() && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
            }
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            List<BulkJobs.Job> held = new ArrayList<>();
            try {
                for (int i = 0; i < BulkJobs.UNFINISHED; i++) {
                    held.add(jobs.submit(1, progress -> {
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return "held";
                    }));
                }
                assertThrows(BulkJobs.Busy.class, () -> jobs.submit(1, progress -> "one too many"));
                for (BulkJobs.Job job : held) {
                    assertTrue(jobs.get(job.id).isPresent(), "a job not finished is kept");
                }
            } finally {
                release.countDown();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!held.get(held.size() - 1).finished() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("done", held.get(held.size() - 1).state);
            assertTrue(jobs.submit(1, progress -> "again") != null, "room again once they ended");
        }
    }
}
