package io.smarthost.core.authrec;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.DomainLifecycleListener;
import io.smarthost.panel.api.services.HostServices;
import org.pf4j.Extension;

/**
 * Forgets a domain's domain-authentication records when the domain is deleted (a domain created again
 * under that name, maybe for another owner, starts without them) or renamed (the records named the old
 * domain; the relay service asks for new ones). Records already written into a zone stay there: the
 * host's zone goes with the domain.
 *
 * @since 1.3
 */
@Extension
public class AuthRecordDomainListener implements DomainLifecycleListener {
    private final HostServices host;

    public AuthRecordDomainListener(HostServices host) {
        this.host = host;
    }

    @Override
    public void domainDeleted(Domain domain) {
        new AuthRecordStore(host.store()).delete(domain.name());
    }

    @Override
    public void domainRenamed(Domain before, Domain after) {
        new AuthRecordStore(host.store()).delete(before.name());
    }
}
