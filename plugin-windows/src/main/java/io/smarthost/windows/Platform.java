package io.smarthost.windows;

import java.util.Locale;

/**
 * The operating system the panel runs on. A port so that tests (which run on Linux) can say
 * "this is Windows" without pretending anything else.
 */
@FunctionalInterface
public interface Platform {

    boolean isWindows();

    /** The machine this JVM runs on. */
    static Platform current() {
        return () -> System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
