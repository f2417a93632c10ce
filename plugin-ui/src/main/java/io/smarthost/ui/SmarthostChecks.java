package io.smarthost.ui;

import io.smarthost.core.check.CheckPolicy;
import io.smarthost.core.check.ConnectionChecker;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.PluginContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The one {@link ConnectionChecker} of a plugin run, shared by the pages, the REST API and the CLI (its
 * rate limiter must see every check of a customer), kept in the plugin's {@link PluginContext}: when the
 * plugin stops, the host closes the context and this closes every checker it made, so their worker
 * threads end with the plugin.
 *
 * <p>The checker is built from {@code CheckPolicy.fromIni(host.ini())}; when {@code panel.ini} changes
 * the policy (timeouts, {@code smarthost.allowUntrustedCertificate}, customer ports...), the next call
 * builds a new checker, so an edited panel.ini takes effect without reinstalling the plugin. The old one
 * is not closed then (a check running on it finishes; its idle threads end by themselves), only with the
 * context.
 */
public final class SmarthostChecks implements AutoCloseable {
    private final HostServices host;
    private final List<ConnectionChecker> made = new ArrayList<>();
    private CheckPolicy policy;
    private ConnectionChecker current;

    private SmarthostChecks(HostServices host) {
        this.host = host;
    }

    /** The plugin's checker, rebuilt when panel.ini asks for another policy. */
    public static ConnectionChecker checker(HostServices host) {
        return host.context().singleton(SmarthostChecks.class, () -> new SmarthostChecks(host)).current();
    }

    private synchronized ConnectionChecker current() {
        CheckPolicy wanted = CheckPolicy.fromIni(host.ini());
        if (current == null || !wanted.equals(policy)) {
            policy = wanted;
            current = new ConnectionChecker(wanted);
            made.add(current);
        }
        return current;
    }

    /** Stops the worker threads of every checker made in this run (the plugin is stopping). */
    @Override
    public synchronized void close() {
        made.forEach(ConnectionChecker::close);
        made.clear();
        current = null;
    }
}
