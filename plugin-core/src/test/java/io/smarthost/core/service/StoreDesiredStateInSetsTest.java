package io.smarthost.core.service;

import org.junit.jupiter.api.extension.ExtendWith;

/** Every case of {@link StoreDesiredStateTest} again, bulk changes writing domains without a row as a set ({@link MemberRows}). */
@ExtendWith(SetsFromOne.class)
class StoreDesiredStateInSetsTest extends StoreDesiredStateTest {
}
