package io.smarthost.sample;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.DomainLifecycleListener;
import io.smarthost.panel.api.RepairHook;
import io.smarthost.panel.api.services.HostServices;
import java.util.List;
import org.pf4j.Extension;

/** Remembers domain events in the plugin's store (tests read them back). */
@Extension
public class SampleListener implements DomainLifecycleListener {

    private final HostServices services;

    public SampleListener(HostServices services) {
        this.services = services;
    }

    private void remember(String event) {
        services.store().inTransaction(tx -> {
            long n = services.store().count("event.");
            tx.put(String.format("event.%04d", n), event);
            return null;
        });
    }

    public void domainCreated(Domain domain) { remember("created " + domain.name()); }
    public void domainRenamed(Domain before, Domain after) { remember("renamed " + before.name() + " " + after.name()); }
    public void domainDeleted(Domain domain) { remember("deleted " + domain.name()); }
    public void aliasAdded(Domain domain, String alias) { remember("alias+ " + domain.name() + " " + alias); }
    public void aliasRemoved(Domain domain, String alias) { remember("alias- " + domain.name() + " " + alias); }

    @Extension
    public static class Repair implements RepairHook {
        public String id() { return "sample"; }
        public Result repair() { return new Result(true, List.of("nothing to repair")); }
    }
}
