package io.smarthost.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.PluginContext;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestRelay;
import io.smarthost.ui.testing.CheckerThreads;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin keeps what its extensions share in the plugin's context (issue 13 item 3), not in static maps:
 * one service and one checker per run, and the checker's threads end when the host closes the context.
 */
class SmarthostContextTest {

    @TempDir
    Path home;

    @Test
    void theServiceAndTheCheckerLiveInTheContextAndTheirThreadsEndWithIt() throws Exception {
        Set<Thread> before = CheckerThreads.alive();
        PluginContext context;
        SmarthostService service;
        Set<Thread> checking;
        try (TestRelay relay = TestRelay.start(TestRelay.Mode.PLAIN, Map.of());
             TestPanel panel = TestPanel.builder(home.resolve("a")).classpathPlugin("smarthost").withoutWeb().start()) {
            HostServices host = panel.panel().services("smarthost");
            context = host.context();
            service = SmarthostRuntime.service(host);
            assertSame(service, SmarthostRuntime.service(host), "one service per run");
            assertSame(SmarthostChecks.checker(host), SmarthostChecks.checker(host), "one checker per run");

            panel.cli("smarthost", "--check", "-host", "[127.0.0.1]", "-port", Integer.toString(relay.port()),
                    "-encryption", "none", "-auth", "false");
            checking = new HashSet<>(CheckerThreads.alive());
            checking.removeAll(before);
            assertFalse(checking.isEmpty(), "the check ran on a worker thread of the plugin's checker");
        }
        assertTrue(context.isClosed(), "closing the panel closed the plugin's context");
        CheckerThreads.assertEnd(checking, "the checker's threads end with the context");

        try (TestPanel again = TestPanel.builder(home.resolve("a")).classpathPlugin("smarthost").withoutWeb().start()) {
            assertNotSame(service, SmarthostRuntime.service(again.panel().services("smarthost")), "a new run, a new service");
        }
    }
}
