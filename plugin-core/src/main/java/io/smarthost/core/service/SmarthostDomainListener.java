package io.smarthost.core.service;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.DomainLifecycleListener;
import io.smarthost.panel.api.services.HostServices;
import org.pf4j.Extension;

/**
 * Keeps relays in step with the panel's domains: a deleted domain loses its relay, a renamed one
 * keeps it under its new name, aliases added or removed are applied to the mail server.
 */
@Extension
public class SmarthostDomainListener implements DomainLifecycleListener {
    private final HostServices host;

    public SmarthostDomainListener(HostServices host) {
        this.host = host;
    }

    private SmarthostService service() {
        return SmarthostRuntime.service(host);
    }

    @Override
    public void domainCreated(Domain domain) {
        service().domainCreated(domain);
    }

    @Override
    public void domainsCreated(java.util.List<Domain> domains) {
        service().domainsCreated(domains);
    }

    @Override
    public void domainRenamed(Domain before, Domain after) {
        service().domainRenamed(before, after);
    }

    @Override
    public void domainDeleted(Domain domain) {
        service().domainDeleted(domain);
    }

    @Override
    public void aliasAdded(Domain domain, String alias) {
        service().aliasAdded(domain, alias);
    }

    @Override
    public void aliasRemoved(Domain domain, String alias) {
        service().aliasRemoved(domain, alias);
    }
}
