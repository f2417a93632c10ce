package io.smarthost.ui;

import io.smarthost.core.check.CheckPolicy;
import io.smarthost.core.check.ConnectionChecker;
import io.smarthost.panel.api.services.HostServices;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The one {@link ConnectionChecker} of a plugin instance, shared by the pages, the REST API and the
 * CLI (its rate limiter must see every check of a customer), keyed on the identity of the host's
 * {@link HostServices}.
 *
 * <p>The checker is built from {@code CheckPolicy.fromIni(host.ini())}; when {@code panel.ini} changes
 * the policy (timeouts, {@code smarthost.allowUntrustedCertificate}, customer ports...), the next call
 * builds a new checker, so an edited panel.ini takes effect without reinstalling the plugin. A checker
 * given to {@link #install} (tests: a private trust store) is kept until {@link #release}.
 */
public final class SmarthostChecks {
    private static final Map<HostServices, Entry> CHECKERS = Collections.synchronizedMap(new IdentityHashMap<>());

    private record Entry(CheckPolicy policy, ConnectionChecker checker, boolean installed) {
    }

    private SmarthostChecks() {
    }

    /** The plugin's checker, rebuilt when panel.ini asks for another policy. */
    public static ConnectionChecker checker(HostServices host) {
        CheckPolicy wanted = CheckPolicy.fromIni(host.ini());
        synchronized (CHECKERS) {
            Entry entry = CHECKERS.get(host);
            if (entry != null && (entry.installed() || entry.policy().equals(wanted))) {
                return entry.checker();
            }
            // The old checker is not closed: a check running on it finishes; its idle threads end by themselves.
            Entry fresh = new Entry(wanted, new ConnectionChecker(wanted), false);
            CHECKERS.put(host, fresh);
            return fresh.checker();
        }
    }

    /** Uses {@code checker} for {@code host} whatever panel.ini says (tests with their own trust store). */
    public static void install(HostServices host, ConnectionChecker checker) {
        Entry old = CHECKERS.put(host, new Entry(checker.policy(), checker, true));
        if (old != null && old.checker() != checker) {
            old.checker().close();
        }
    }

    /** Stops and forgets the checker of a stopped plugin. */
    public static void release(HostServices host) {
        Entry old = CHECKERS.remove(host);
        if (old != null) {
            old.checker().close();
        }
    }

    /** Stops and forgets every checker (the plugin is stopping: its class loader holds them all). */
    public static void releaseAll() {
        synchronized (CHECKERS) {
            CHECKERS.values().forEach(e -> e.checker().close());
            CHECKERS.clear();
        }
    }
}
