package io.smarthost.ui;

import io.smarthost.core.spf.SpfChecker;
import org.pf4j.Plugin;

/**
 * The smarthost plugin's PF4J entry point ({@code plugin.class} in {@code plugin.properties}).
 * Everything the plugin contributes is an {@code @Extension} found through the
 * {@code META-INF/extensions.idx} files of {@code classes/} and of the jars in {@code lib/}.
 *
 * <p>What the extensions share (the service, the connection checkers and their worker threads, the SPF
 * service, the pages' state) lives in the plugin's context ({@code HostServices.context()}), which the
 * host closes when the plugin stops. {@link #stop()} only ends what belongs to the class loader rather
 * than to one run: dnsjava's network thread, a static of the library, so that an unloaded or updated
 * plugin leaves no thread holding its class loader.
 */
public class SmarthostPlugin extends Plugin {

    @Override
    public void stop() {
        SpfChecker.shutdown();
    }
}
