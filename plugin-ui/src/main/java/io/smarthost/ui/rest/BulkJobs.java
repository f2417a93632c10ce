package io.smarthost.ui.rest;

import io.smarthost.core.service.Progress;
import jakarta.ws.rs.WebApplicationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Bulk changes too large to answer within one request: run one at a time on a thread of their own,
 * their progress and result kept for {@code GET .../jobs/{id}} (the last {@value #KEPT} jobs). One per
 * plugin context (closed with it: a running job finishes, none starts).
 */
public final class BulkJobs implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BulkJobs.class);
    static final int KEPT = 50;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "smarthost-bulk-job");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    /** The plugin's jobs (one per plugin context), for the REST resource and the Smarthosts page. */
    public static BulkJobs of(io.smarthost.panel.api.services.HostServices host) {
        return host.context().singleton(BulkJobs.class, BulkJobs::new);
    }

    /**
     * How far a queued or running job is, for pages: phase {@code queued}, {@code check} (names and input),
     * {@code store} or {@code apply}.
     */
    public record Running(String id, String phase, long done, long total) {
    }

    /** The oldest job not finished yet (they run one at a time), if any. */
    public synchronized Optional<Running> running() {
        return jobs.values().stream().filter(j -> !j.finished()).findFirst()
                .map(j -> new Running(j.id, j.phase, j.done, j.total));
    }

    /** A job's state as the API shows it. */
    static final class Job {
        final String id = UUID.randomUUID().toString();
        volatile String state = "queued";
        volatile String phase = "queued";
        volatile long done;
        volatile long total;
        volatile Object result;
        volatile int status;

        boolean finished() {
            return state.equals("done") || state.equals("failed");
        }

        ApiModel.Job view() {
            return new ApiModel.Job(id, state, phase, done, total, status == 0 ? null : status, result);
        }
    }

    /**
     * Jobs not finished (running or queued) at most: each holds its change's names until it runs (100,000 names
     * are 10-15 MB), and 150 bulk changes of 30,000 domains sent at once ran the panel out of memory.
     */
    static final int UNFINISHED = 4;

    /** Refused: {@value #UNFINISHED} jobs are running or queued already. */
    static final class Busy extends RuntimeException {
        Busy() {
            super(UNFINISHED + " bulk changes are running or waiting already; send this one when one of them has ended"
                    + " (GET /api/v2/plugins/smarthost/jobs/{id} says when)");
        }
    }

    /**
     * Starts {@code work} (given the job's progress) in the background; its answer or error becomes the result.
     * The oldest finished jobs are forgotten past {@value #KEPT}; a job not finished never is.
     *
     * @throws Busy when {@value #UNFINISHED} jobs are running or queued already
     */
    synchronized Job submit(long total, Function<Progress, Object> work) {
        return submit(total, -1, work);
    }

    /** As {@link #submit(long, Function)}; {@code readMs}, the time the request's body took to parse and check (logged), or -1. */
    synchronized Job submit(long total, long readMs, Function<Progress, Object> work) {
        if (jobs.values().stream().filter(j -> !j.finished()).count() >= UNFINISHED) {
            throw new Busy();
        }
        Job job = new Job();
        job.total = total;
        jobs.put(job.id, job);
        for (var it = jobs.values().iterator(); jobs.size() > KEPT && it.hasNext(); ) {
            if (it.next().finished()) {
                it.remove();
            }
        }
        long submitted = System.nanoTime();
        worker.execute(() -> {
            // the names looked up and the input validated first: a job refused there says so ("queued" said it
            // had not started)
            job.phase = "check";
            job.state = "running";
            long started = System.nanoTime();
            String end = "failed";
            // room for the change's working set while it runs (the heap grows once, not in five full
            // collections); released once the job has ended, the heap left as the change grew it: the serving
            // panel gives it back when it falls quiet (IdleMemory, within two seconds), and a script's next bulk
            // change finds the heap it needs (growing it again took a 70 ms full collection at 100,000 domains)
            io.smarthost.panel.api.MemoryBack.Room room = null;
            try {
                room = io.smarthost.panel.api.MemoryBack.roomy();
                job.result = kept(work.apply((phase, done, all) -> {
                    job.phase = phase;
                    job.done = done;
                    job.total = all;
                }));
                job.status = 200;
                end = "done";
            } catch (WebApplicationException e) {
                job.status = e.getResponse().getStatus();
                job.result = e.getResponse().getEntity();
            } catch (RuntimeException | Error e) {
                // an Error too (out of memory): the job says it failed instead of running for ever
                LOG.warn("bulk job {} failed", job.id, e);
                job.status = 500;
                job.result = Map.of("errors", java.util.List.of(new ApiErrors.Error(null, "the bulk change failed: "
                        + (e instanceof Error ? e.toString() : e.getMessage()))));
            } finally {
                job.state = end;
                long ended = System.nanoTime();
                if (room != null) {
                    room.release();
                }
                LOG.info("bulk job {} {} ({} domains): request parsed in {} ms, waited {} ms, ran {} ms", job.id, end,
                        job.total, readMs, (started - submitted) / 1_000_000, (ended - started) / 1_000_000);
            }
        });
        return job;
    }

    /** How many of a change's scopes a kept result lists (the count says how many there were). */
    static final int SCOPES_KEPT = 100;

    /**
     * What a finished job keeps: a change's report with its first {@value #SCOPES_KEPT} scopes and their
     * count (50 kept reports of 100,000 names each would hold half a gigabyte).
     */
    private static Object kept(Object result) {
        if (result instanceof ApiModel.Update u
                && (u.scopes().size() > SCOPES_KEPT || u.warnings().size() > SCOPES_KEPT)) {
            Map<String, Object> m = new LinkedHashMap<>();
            // copies: a view of the first names would keep the whole list (a leak of 100,000 names per job)
            m.put("scopes", first(u.scopes()));
            m.put("scopeCount", u.scopes().size());
            m.put("settingsChanged", u.settingsChanged());
            m.put("changed", u.changed());
            m.put("steps", java.util.List.copyOf(u.steps())); // a handful of lines
            m.put("warnings", first(u.warnings()));
            if (u.warnings().size() > SCOPES_KEPT) {
                m.put("warningCount", u.warnings().size());
            }
            m.put("tookMs", u.tookMs());
            return m;
        }
        return result;
    }

    private static java.util.List<String> first(java.util.List<String> all) {
        return java.util.List.copyOf(all.subList(0, Math.min(all.size(), SCOPES_KEPT)));
    }

    synchronized Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public void close() {
        worker.shutdown();
    }
}
