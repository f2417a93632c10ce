package io.smarthost.windows;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A last line of defence before a backend writes anything: refuses a desired state that the
 * backend's {@link Capabilities} say it cannot honour, with a message naming the backend, the
 * setting and what is allowed. (The core validates forms against the same capabilities first.)
 */
public final class CapabilityGuard {

    private CapabilityGuard() {
    }

    /** Checks the server relay and every sender domain that {@code changes} names (all of them when full). */
    public static void requireHonoured(String backend, Capabilities caps, DesiredState desired, ChangeSet changes)
            throws BackendException {
        if ((changes.full() || changes.server()) && desired.srs() && !caps.srs()) {
            throw new BackendException("validate", backend + " cannot rewrite forwarded mail with SRS; turn SRS off"
                    + " (panel bin smarthost --update-server -srs off)");
        }
        if (changes.full() || changes.server()) {
            Optional<Relay> server = desired.server();
            if (server.isPresent()) {
                check(backend, caps, "server", server.get());
            }
        }
        if (changes.full()) {
            if (desired.domainCount() > 0 && !caps.domainRelay()) {
                throw noDomainRelay(backend);
            }
            RuntimeBackendException failure = null;
            try {
                desired.forEachDomain((domain, relay) -> {
                    try {
                        check(backend, caps, domain, relay);
                    } catch (BackendException e) {
                        throw new RuntimeBackendException(e);
                    }
                });
            } catch (RuntimeBackendException e) {
                failure = e;
            }
            if (failure != null) {
                throw failure.cause;
            }
        } else {
            for (String domain : changes.senderDomains()) {
                Optional<Relay> relay = desired.domain(domain);
                if (relay.isPresent()) {
                    if (!caps.domainRelay()) {
                        throw noDomainRelay(backend);
                    }
                    check(backend, caps, domain, relay.get());
                }
            }
        }
    }

    static void check(String backend, Capabilities caps, String scope, Relay relay) throws BackendException {
        if (!caps.encryptions().contains(relay.encryption())) {
            throw new BackendException("validate", backend + " cannot use encryption '" + relay.encryption().id()
                    + "' (" + scope + "); allowed: " + caps.encryptions().stream().map(Encryption::id).sorted()
                    .collect(Collectors.joining(", ")));
        }
        if (!relay.verifyCertificate() && relay.encryption() != Encryption.NONE && !caps.certificateVerification()) {
            throw new BackendException("validate", backend + " cannot be told to accept an untrusted certificate ("
                    + scope + "): it checks relay certificates by its own rules; keep certificate verification on");
        }
    }

    private static BackendException noDomainRelay(String backend) {
        return new BackendException("validate", backend
                + " has no per-domain relay for outgoing mail; only the server-wide smarthost can be used");
    }

    /** Carries a checked exception out of a {@code BiConsumer}. */
    private static final class RuntimeBackendException extends RuntimeException {
        private final BackendException cause;

        RuntimeBackendException(BackendException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }
}
