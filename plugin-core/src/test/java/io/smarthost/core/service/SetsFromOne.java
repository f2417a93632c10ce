package io.smarthost.core.service;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each test with bulk changes writing the domains without a row as a member set from one domain on
 * ({@link MemberRows}), not from {@value MemberRows#FROM}, and restores the default after it.
 */
final class SetsFromOne implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        MemberRows.setsFrom(1);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        MemberRows.setsFrom(MemberRows.FROM);
    }
}
