package io.smarthost.panel.host;

import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * How the panel's JVM starts programs (postmap, postconf, postfix, kill...): the JDK's default ({@code POSIX_SPAWN}
 * on Linux since JDK 13), which the panel no longer overrides.
 *
 * <p>From the eighth pass of issue 16 the panel chose {@code VFORK} on Linux with JDK 17 to 24: it started each
 * program without the {@code jspawnhelper} step, 10-20 ms faster for a change that ran three {@code postmap}. The
 * JDK deprecates it (JDK 25) for being dangerous: between {@code vfork} and {@code exec} the child runs in the
 * parent's memory, and what goes wrong there kills or corrupts the JVM without an error file. A panel using it died
 * once of a C-library heap-corruption abort ({@code malloc assertion failure in _int_malloc}, no {@code hs_err} file)
 * while idle after a load test; not reproduced, and nothing else in that process wrote native memory. A one-domain
 * change writes Postfix's tables in process now and starts no {@code postmap}, so what {@code VFORK} saved is gone
 * from it. An admin who sets {@code -Djdk.lang.Process.launchMechanism=VFORK} is warned at start.
 */
public final class ProcessLaunch {
    public static final String PROPERTY = "jdk.lang.Process.launchMechanism";

    private ProcessLaunch() {
    }

    /** The warning for a mechanism the JDK calls dangerous, set in {@code properties}; empty otherwise. */
    static Optional<String> warning(Properties properties) {
        String chosen = properties.getProperty(PROPERTY);
        if (chosen == null || !chosen.strip().toUpperCase(Locale.ROOT).equals("VFORK")) {
            return Optional.empty();
        }
        return Optional.of("-D" + PROPERTY + "=" + chosen + " is set: the JDK deprecates VFORK as dangerous (the child"
                + " runs in the panel's memory until its exec; a fault there ends the panel without an error file)."
                + " Remove it from PANEL_JAVA_OPTS to use the JDK's default");
    }

    /** The mechanism this JVM starts programs with: the one set, or the JDK's default. */
    public static String current() {
        return System.getProperty(PROPERTY, "the JDK's default");
    }
}
