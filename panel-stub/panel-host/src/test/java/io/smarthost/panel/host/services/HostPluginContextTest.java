package io.smarthost.panel.host.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A plugin's context: singletons made once, closed newest first when the plugin stops, nothing made after. */
class HostPluginContextTest {

    final List<String> closed = Collections.synchronizedList(new ArrayList<>());

    /** Something the context closes, recording when. */
    class Part implements AutoCloseable {
        final String name;

        Part(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            closed.add(name);
        }
    }

    final class Service extends Part {
        Service() {
            super("service");
        }
    }

    final class Checker extends Part {
        Checker() {
            super("checker");
        }
    }

    @Test
    void makesEachTypeOnceAndHandsTheSameObjectAfterwards() {
        HostPluginContext context = new HostPluginContext("p");
        AtomicInteger made = new AtomicInteger();
        Service first = context.singleton(Service.class, () -> {
            made.incrementAndGet();
            return new Service();
        });
        assertSame(first, context.singleton(Service.class, Service::new));
        assertEquals(1, made.get());
        assertEquals("PluginContext[p]", context.toString());
    }

    @Test
    void threadsAskingAtOnceGetOneObject() throws Exception {
        HostPluginContext context = new HostPluginContext("p");
        AtomicInteger made = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Service>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return context.singleton(Service.class, () -> {
                        made.incrementAndGet();
                        return new Service();
                    });
                }));
            }
            go.countDown();
            Service one = answers.get(0).get(5, TimeUnit.SECONDS);
            for (Future<Service> answer : answers) {
                assertSame(one, answer.get(5, TimeUnit.SECONDS));
            }
            assertEquals(1, made.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closesNewestFirstOnceAndThenMakesNothing() {
        HostPluginContext context = new HostPluginContext("p");
        // the checker is made while the service is being made: it is older, so it is closed after the service
        context.singleton(Service.class, () -> {
            context.singleton(Checker.class, Checker::new);
            return new Service();
        });
        context.singleton(String.class, () -> "not closeable");
        assertFalse(context.isClosed());

        context.close();
        context.close();
        assertTrue(context.isClosed());
        assertEquals(List.of("service", "checker"), closed);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> context.singleton(Service.class, Service::new));
        assertEquals("plugin 'p' has stopped: its context is closed", refused.getMessage());
        assertEquals("PluginContext[p, closed]", context.toString());
    }

    @Test
    void aFailingCloseIsLoggedAndTheOthersAreClosedAllTheSame() {
        HostPluginContext context = new HostPluginContext("p");
        context.singleton(Checker.class, Checker::new);
        context.singleton(Runnable.class, () -> new FailingClose());
        context.close();
        assertEquals(List.of("checker"), closed);
    }

    static final class FailingClose implements Runnable, AutoCloseable {
        @Override
        public void run() {
        }

        @Override
        public void close() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void anObjectFinishedAfterTheContextClosedIsClosedAtOnce() {
        HostPluginContext context = new HostPluginContext("p");
        assertThrows(IllegalStateException.class, () -> context.singleton(Service.class, () -> {
            context.close();
            return new Service();
        }));
        assertEquals(List.of("service"), closed, "made for a plugin that stopped meanwhile: closed, not kept");
    }

    @Test
    void aTypeAskingForItselfWhileBeingMadeIsRefused() {
        HostPluginContext context = new HostPluginContext("p");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> context.singleton(Service.class,
                () -> context.singleton(Service.class, Service::new)));
        assertTrue(e.getMessage().contains("asked for itself"), e.getMessage());
    }
}
