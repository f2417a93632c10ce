package io.smarthost.core.service;

import io.smarthost.core.relay.SenderAddress;

/**
 * Where per-sender relays live in the store, beside the domain keys of {@link StoreKeys}.
 *
 * <pre>
 * &amp;example.com/alice   the settings of alice@example.com (JSON, as a domain's)
 * *alice@example.com     its secret (putSecret; {@link StoreKeys#isSecret} knows the prefix)
 * </pre>
 *
 * <p>The settings key puts the domain first so that one domain's addresses are one key range
 * ({@code &example.com/}); a domain name never holds {@code /} and never {@code @}, so neither key can
 * meet a domain's. At most 1 + 254 characters (an address is at most 254).
 */
final class SenderKeys {
    static final String PREFIX = "&";

    private SenderKeys() {
    }

    static String settings(SenderAddress a) {
        return PREFIX + a.domain() + "/" + a.localPart();
    }

    static String secret(SenderAddress a) {
        return StoreKeys.SECRET_PREFIX + a.address();
    }

    /** The key range of one domain's addresses. */
    static String domainPrefix(String domain) {
        return PREFIX + domain + "/";
    }

    /** The address of a {@link #PREFIX} key. */
    static SenderAddress addressOf(String settingsKey) {
        int slash = settingsKey.indexOf('/');
        return new SenderAddress(settingsKey.substring(slash + 1), settingsKey.substring(PREFIX.length(), slash));
    }
}
