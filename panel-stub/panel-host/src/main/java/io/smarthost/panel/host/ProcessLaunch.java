package io.smarthost.panel.host;

import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * How the panel's JVM starts programs (postmap, postconf, postfix, kill...). On Linux the JDK 17 default,
 * {@code POSIX_SPAWN}, starts each program through a helper ({@code jspawnhelper}: one more {@code exec} of a
 * dynamically linked program per command); {@code VFORK}, the Linux default before JDK 12, starts it directly.
 * Measured on a 2-core machine (docs/BENCHMARKS.md, "eighth pass"), a one-domain change through REST runs three
 * {@code postmap -i} side by side: 50-55 ms for the three with {@code POSIX_SPAWN}, 37-40 ms with {@code VFORK}
 * (the change's client median 64-75 ms against 56-61 ms; with {@code FORK}, which copies the JVM's page tables,
 * 163-184 ms).
 *
 * <p>Chosen only where it is the JDK's own, undeprecated choice: Linux, JDK 17 to 24 (JDK 25 deprecates
 * {@code VFORK} and a later one may remove it), and only when nobody chose already
 * ({@code -Djdk.lang.Process.launchMechanism=...} in {@code PANEL_JAVA_OPTS} wins). Must run before the
 * process's first program starts: the JDK reads the property once.
 */
public final class ProcessLaunch {
    public static final String PROPERTY = "jdk.lang.Process.launchMechanism";

    private ProcessLaunch() {
    }

    /** Sets {@code VFORK} in {@code properties} where it applies; the mechanism it set, if any. */
    static Optional<String> prefer(Runtime.Version version, String osName, Properties properties) {
        if (properties.getProperty(PROPERTY) != null || version.feature() < 17 || version.feature() > 24
                || !osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        properties.setProperty(PROPERTY, "VFORK");
        return Optional.of("VFORK");
    }

    /**
     * {@link #prefer} for this JVM (the panel, and the benchmark, whose floors then start programs as the panel
     * does); the mechanism this JVM starts programs with: the one set, or the JDK's default.
     */
    public static String preferForThisJvm() {
        prefer(Runtime.version(), System.getProperty("os.name", ""), System.getProperties());
        return current();
    }

    /** The mechanism this JVM starts programs with: the one set, or the JDK's default. */
    static String current() {
        return System.getProperty(PROPERTY, "the JDK's default");
    }
}
