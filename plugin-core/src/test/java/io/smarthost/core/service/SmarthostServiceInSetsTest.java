package io.smarthost.core.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Every case of {@link SmarthostServiceTest} again, bulk changes writing domains without a row as a set ({@link MemberRows}). */
class SmarthostServiceInSetsTest extends SmarthostServiceTest {
    @BeforeEach
    void setsFromOne() {
        MemberRows.setsFrom(1);
    }

    @AfterEach
    void setsAsUsual() {
        MemberRows.setsFrom(MemberRows.FROM);
    }
}
