package io.smarthost.core.check;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Check connection": a step-by-step diagnosis of a relay (name lookup, TCP, greeting, EHLO, TLS and
 * certificate, AUTH, optional MAIL/RCPT probe and test message), used by the pages, the REST API and
 * the CLI. One instance per plugin; thread-safe.
 *
 * <p>Each check runs on a worker thread of its own; the calling thread waits at most
 * {@link CheckPolicy#totalTimeout()} (plus a moment to collect the result), then closes the connection
 * and answers with what was found so far. A check never hangs a request thread.
 *
 * @since 1.0
 */
public final class ConnectionChecker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionChecker.class);
    /** After an abort the worker usually finishes within milliseconds; a DNS lookup may not, so bound the wait. */
    private static final Duration GRACE = Duration.ofMillis(500);

    private final CheckPolicy policy;
    private final CheckGuard guard;
    private final ExecutorService workers;

    public ConnectionChecker(CheckPolicy policy) {
        this(policy, new CheckGuard(policy));
    }

    public ConnectionChecker(CheckPolicy policy, CheckGuard guard) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.guard = Objects.requireNonNull(guard, "guard");
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "smarthost-check-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public CheckPolicy policy() {
        return policy;
    }

    public CheckGuard guard() {
        return guard;
    }

    /**
     * Runs one check and returns its report in the user's language (English unless French is asked).
     *
     * @throws CheckRefusedException when the requester may not check this relay (customers: port,
     *                               address, feature, rate limit); nothing was connected then
     */
    public CheckReport check(CheckRequest request, Locale locale) {
        Objects.requireNonNull(request, "request");
        guard.admit(request.requester(), request.relay().address());
        CheckTexts texts = new CheckTexts(locale);
        CheckRun run;
        try {
            run = new CheckRun(policy, guard, request, texts, System.nanoTime());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the trust store cannot be used: " + e.getMessage(), e);
        }
        Future<CheckReport> future = workers.submit(run::execute);
        CheckReport report = await(run, future);
        LOG.info("smarthost check of {}:{} ({}) by {}: {} in {} ms", request.relay().address().host(),
                request.relay().address().port(), request.relay().encryption().id(), request.requester().login(),
                report.ok() ? "ok" : "failed at " + report.firstFailure().map(CheckStep::id).orElse("?"),
                report.tookMs());
        return report;
    }

    private CheckReport await(CheckRun run, Future<CheckReport> future) {
        try {
            try {
                return future.get(policy.totalTimeout().toMillis() + GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                run.abort();
                try {
                    return future.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillBlocked) {
                    // The worker is stuck in something a closed socket cannot wake (a name lookup): answer now.
                    future.cancel(true);
                    return run.report();
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CheckRefusedException refused) {
                throw refused;
            }
            throw new IllegalStateException("connection check failed unexpectedly: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.abort();
            return run.report();
        }
    }

    /** Stops the worker threads; running checks are cut short. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
