package io.smarthost.core.testing;

import io.smarthost.core.validation.RelayValidator;

/** One relay validator for the tests of a JVM: building one reads the constraint bundles (tenths of a second). */
public final class TestValidator {
    private static RelayValidator shared;

    private TestValidator() {
    }

    /** The shared validator; not closed before the JVM ends (it holds no file, thread or connection). */
    public static synchronized RelayValidator get() {
        if (shared == null) {
            shared = new RelayValidator(TestValidator.class.getClassLoader());
        }
        return shared;
    }
}
