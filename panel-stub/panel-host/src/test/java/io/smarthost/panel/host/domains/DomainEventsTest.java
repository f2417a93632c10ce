package io.smarthost.panel.host.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.DomainLifecycleListener;
import io.smarthost.panel.host.plugins.Contribution;
import io.smarthost.panel.host.services.DbActionLog;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin hears of every deletion, rename and alias removal once and in order, also those made while it did not
 * run (disabled, or a process that died between the commit and telling it): without them, a domain deleted while
 * the smarthost plugin was off and created again by another customer took over the deleted one's relay and
 * password. A creation tells first what the plugin missed before it.
 */
class DomainEventsTest {

    @TempDir
    Path home;

    /** What one plugin's listener heard, as lines. */
    static final class Heard implements DomainLifecycleListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void domainCreated(Domain d) {
            lines.add("created " + d.name() + " #" + d.id());
        }

        @Override
        public void domainRenamed(Domain before, Domain after) {
            lines.add("renamed " + before.name() + " -> " + after.name() + " #" + after.id());
        }

        @Override
        public void domainDeleted(Domain d) {
            lines.add("deleted " + d.name() + " #" + d.id() + " " + d.aliases());
        }

        @Override
        public void aliasRemoved(Domain d, String alias) {
            lines.add("alias removed " + alias + " of " + d.name() + " " + d.aliases());
        }
    }

    @Test
    void aPluginThatWasOffHearsWhatItMissedInOrderOnceAndBeforeANewCreation() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            panel.createCustomer("alice");
            panel.createCustomer("bob");
            Heard p = new Heard();
            List<Contribution<DomainLifecycleListener>> on = new ArrayList<>();
            on.add(new Contribution<>("p", p, getClass().getClassLoader()));
            List<Contribution<DomainLifecycleListener>> running = new CopyOnWriteArrayList<>(on);
            var host = panel.panel();
            DomainManager manager = new DomainManager(host.jdbc(), host.domains(), host.users(), host.dns(),
                    new DbActionLog(host.jdbc(), "host"), () -> running);

            long a = manager.create("a.example", "alice").domain().id();
            manager.create("b.example", "alice");
            manager.addAlias("b.example", "b.example.net");
            manager.addAlias("b.example", "b.example.org");
            assertEquals(List.of("created a.example #" + a, "created b.example #" + (a + 1)), p.lines);

            running.clear(); // the plugin is off
            manager.delete("a.example");
            manager.removeAlias("b.example", "b.example.net");
            manager.rename("b.example", "c.example");
            long again = manager.create("a.example", "bob").domain().id(); // another customer, the same name
            assertEquals(2, p.lines.size(), "nothing heard while off");

            running.addAll(on); // on again, at its start
            manager.catchUp("p");
            assertEquals(List.of("deleted a.example #" + a + " []", "alias removed b.example.net of b.example [b.example.org]",
                    "renamed b.example -> c.example #" + (a + 1)), p.lines.subList(2, p.lines.size()));
            manager.catchUp("p");
            assertEquals(5, p.lines.size(), "told once");

            // off again: a deletion missed, then a creation of its name: the deletion is told first
            running.clear();
            manager.delete("a.example");
            running.addAll(on);
            manager.create("a.example", "alice");
            assertEquals(List.of("deleted a.example #" + again + " []", "created a.example #" + (again + 1)),
                    p.lines.subList(5, p.lines.size()));

            // heard live: once, with the objects the change had
            manager.delete("c.example");
            assertEquals("deleted c.example #" + (a + 1) + " [b.example.org]", p.lines.get(p.lines.size() - 1));
            manager.catchUp("p");
            assertEquals(8, p.lines.size());

            // a plugin met for the first time hears nothing of the past
            Heard q = new Heard();
            running.add(new Contribution<>("q", q, getClass().getClassLoader()));
            manager.catchUp("q");
            assertEquals(List.of(), q.lines);
            manager.delete("a.example");
            assertEquals(1, q.lines.size());
            assertEquals(9, p.lines.size());

            // what every plugin heard is forgotten, but for the newest (the ids go on from it, also in a copy)
            manager.catchUp("p");
            assertEquals(List.of(6L), host.jdbc().query("select id from domain_events", rs -> rs.getLong(1)));
        }
    }

    /** A listener that fails is reported and the event counts as heard: the change stands, as before. */
    @Test
    void aFailingListenerIsAWarningAndTheEventIsHeard() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            panel.createCustomer("alice");
            var host = panel.panel();
            DomainLifecycleListener failing = new DomainLifecycleListener() {
                @Override
                public void domainDeleted(Domain d) {
                    throw new IllegalStateException("cannot (test)");
                }
            };
            Heard p = new Heard();
            DomainManager manager = new DomainManager(host.jdbc(), host.domains(), host.users(), host.dns(),
                    new DbActionLog(host.jdbc(), "host"), () -> List.of(new Contribution<>("p", failing, null),
                    new Contribution<>("p", p, null)));
            manager.create("a.example", "alice");
            DomainManager.Change deleted = manager.delete("a.example");
            assertTrue(deleted.warnings().stream().anyMatch(w -> w.contains("cannot (test)")), deleted.warnings().toString());
            assertTrue(p.lines.get(p.lines.size() - 1).startsWith("deleted a.example"), "the plugin's other listener heard it");
            manager.catchUp("p");
            assertEquals(2, p.lines.size(), "not told again");
        }
    }
}
