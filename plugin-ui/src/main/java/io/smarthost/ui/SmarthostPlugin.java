package io.smarthost.ui;

import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.spf.SpfChecker;
import io.smarthost.ui.web.PageRuntime;
import org.pf4j.Plugin;

/**
 * The smarthost plugin's PF4J entry point ({@code plugin.class} in {@code plugin.properties}).
 * Everything the plugin contributes is an {@code @Extension} found through the
 * {@code META-INF/extensions.idx} files of {@code classes/} and of the jars in {@code lib/}.
 *
 * <p>{@link #stop()} lets go of what the extensions built lazily (the service per host, the connection
 * checkers and their worker threads, dnsjava's network thread), so that an unloaded or updated plugin
 * leaves no thread holding its class loader.
 */
public class SmarthostPlugin extends Plugin {

    @Override
    public void stop() {
        PageRuntime.releaseAll();
        SmarthostChecks.releaseAll();
        SmarthostRuntime.releaseAll();
        SpfChecker.shutdown();
    }
}
