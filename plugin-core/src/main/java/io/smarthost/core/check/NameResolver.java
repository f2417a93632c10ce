package io.smarthost.core.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Name lookups for the check's first step. The default asks the system resolver (A/AAAA) and DNS
 * (MX); tests map names such as {@code relay.test} to 127.0.0.1.
 *
 * @since 1.0
 */
public interface NameResolver {

    /** A and AAAA addresses of {@code host}, in the order the system prefers. */
    List<InetAddress> addresses(String host) throws UnknownHostException;

    /**
     * MX host names of {@code domain}, lowest preference first; empty when the domain has none
     * (then mail goes to the domain's own addresses).
     *
     * @throws IOException when DNS cannot answer (timeout, server failure)
     */
    List<String> mailExchangers(String domain) throws IOException;

    /** The machine's resolver for addresses and JNDI DNS for MX records. */
    static NameResolver system() {
        return SystemNameResolver.INSTANCE;
    }
}
