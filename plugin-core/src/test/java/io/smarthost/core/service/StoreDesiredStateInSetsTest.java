package io.smarthost.core.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Every case of {@link StoreDesiredStateTest} again, bulk changes writing domains without a row as a set ({@link MemberRows}). */
class StoreDesiredStateInSetsTest extends StoreDesiredStateTest {
    @BeforeEach
    void setsFromOne() {
        MemberRows.setsFrom(1);
    }

    @AfterEach
    void setsAsUsual() {
        MemberRows.setsFrom(MemberRows.FROM);
    }
}
