package io.smarthost.core.backend;

/** Which settings decide where a sender domain's mail goes. */
public enum RelayLevel {
    /** The domain's own relay (also for its aliases). */
    DOMAIN,
    /** The server-wide relay. */
    SERVER,
    /** No relay: the mail server delivers to the recipients' MX hosts itself. */
    DIRECT
}
