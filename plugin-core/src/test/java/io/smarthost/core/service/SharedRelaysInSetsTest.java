package io.smarthost.core.service;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every case of {@link SharedRelaysTest} again, with the domains that a bulk change gives a record while they had
 * no row written as a set of names ({@link MemberRows}) from one domain on, not from {@value MemberRows#FROM}:
 * what every reader sees must not depend on how the rows are kept.
 */
@ExtendWith(SetsFromOne.class)
class SharedRelaysInSetsTest extends SharedRelaysTest {
}
