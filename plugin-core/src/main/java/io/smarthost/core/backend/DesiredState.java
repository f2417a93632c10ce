package io.smarthost.core.backend;

import io.smarthost.core.relay.Relay;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What the mail server should do, read lazily from the store (it may hold 100,000 domains; never
 * copy it all when a change names a few).
 *
 * <p>Sender domains are lower-case ASCII; a domain's aliases appear as sender domains of their own
 * with the domain's relay.
 */
public interface DesiredState {

    /** The enabled server-wide relay; empty means direct delivery for mail without a domain relay. */
    Optional<Relay> server();

    /** The enabled relay of this sender domain (domain or alias), without falling back to the server's. */
    Optional<Relay> domain(String senderDomain);

    /** Every sender domain with an enabled relay, in name order. */
    void forEachDomain(BiConsumer<String, Relay> action);

    /** How many sender domains have an enabled relay. May walk the whole state: not for a one-domain change. */
    long domainCount();

    /**
     * Whether at least one sender domain has an enabled relay. Implementations answer without walking
     * every domain (a one-domain change must not cost more with 100,000 domains).
     */
    default boolean hasDomains() {
        return domainCount() > 0;
    }

    /**
     * About how many sender domains have a relay, without walking them: for choosing between an
     * incremental and a full apply, never for correctness. The default is the exact count.
     *
     * @since 1.2
     */
    default long domainCountEstimate() {
        return domainCount();
    }

    /** Whether at least {@code n} sender domains have an enabled relay; may stop counting at {@code n}. */
    default boolean domainCountAtLeast(long n) {
        return domainCount() >= n;
    }

    /**
     * Whether forwarded mail gets its envelope sender rewritten with SRS (the server-wide switch; see
     * {@link Capabilities#srs()}). A backend writes it only while a relay is on. The default is off.
     *
     * @since 1.3
     */
    default boolean srs() {
        return false;
    }

    // ---- per-sender relays (since 1.3) ---------------------------------------------------------

    /**
     * The enabled relay of one sender address ({@code alice@example.com}, lower case, ASCII domain),
     * without falling back to its domain's. Mail from that address goes there before its domain's relay.
     * A backend whose {@link Capabilities#senderRelay()} is false never receives one.
     *
     * @since 1.3
     */
    default Optional<Relay> sender(String address) {
        return Optional.empty();
    }

    /** Every sender address with an enabled relay, grouped by domain; none by default. @since 1.3 */
    default void forEachSender(BiConsumer<String, Relay> action) {
    }

    /** Whether at least one sender address has an enabled relay, without walking them all. @since 1.3 */
    default boolean hasSenders() {
        return false;
    }

    /**
     * Every sender domain this server hosts, relay or not: the panel's domains and their aliases (ASCII,
     * lower-case, any order). SRS leaves their senders alone. The default names the sender domains with a relay.
     *
     * @since 1.3
     */
    default void forEachLocalDomain(java.util.function.Consumer<String> action) {
        forEachDomain((domain, relay) -> action.accept(domain));
    }

    /**
     * Whether a {@link ChangeSet#senderDomains()} entry names a sender address (it holds an {@code @})
     * rather than a sender domain.
     *
     * @since 1.3
     */
    static boolean isSenderAddress(String senderKey) {
        return senderKey.indexOf('@') >= 0;
    }
}
