package io.smarthost.sample;

import io.smarthost.panel.api.services.HostServices;
import java.util.concurrent.CountDownLatch;

/**
 * A worker thread the sample's extensions share through the plugin's context: made on first use, ended
 * when the host closes the context (the plugin stopped). Tests see the thread come and go.
 */
public final class SampleWorker implements AutoCloseable {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private SampleWorker() {
        thread = new Thread(() -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sample-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /** This run's worker. */
    public static SampleWorker of(HostServices services) {
        return services.context().singleton(SampleWorker.class, SampleWorker::new);
    }

    /** The worker thread's id, unique in the JVM. */
    @SuppressWarnings("deprecation")
    public long threadId() {
        return thread.getId();
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join(5_000);
    }
}
