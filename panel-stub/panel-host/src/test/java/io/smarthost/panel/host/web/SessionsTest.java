package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anonymous sessions cannot be piled up: they idle out sooner and are capped, oldest dropped first. */
class SessionsTest {


    @Test
    void anonymousSessionFloodEvictsOldestAnonymousOnly() {
        Sessions sessions = new Sessions(Duration.ofMinutes(60), new MovableClock(Instant.parse("2025-01-01T00:00:00Z")), 3);
        Session user = sessions.loginAs(null, 7, "alice", "en");
        List<Session> anonymous = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            anonymous.add(sessions.create("en"));
        }
        assertEquals(4, sessions.size(), "3 anonymous + the logged-in one");
        assertTrue(sessions.find(anonymous.get(0).id()).isEmpty() && sessions.find(anonymous.get(1).id()).isEmpty(),
                "the oldest anonymous sessions are dropped");
        assertTrue(sessions.find(anonymous.get(4).id()).isPresent());
        assertTrue(sessions.find(user.id()).isPresent(), "a logged-in session is never evicted by anonymous ones");
    }

    @Test
    void anonymousSessionsIdleOutSoonerThanLoggedInOnes() {
        MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
        Sessions sessions = new Sessions(Duration.ofMinutes(60), clock, 100);
        Session anonymous = sessions.create("en");
        Session user = sessions.loginAs(null, 7, "alice", "en");
        clock.now = clock.now.plus(Sessions.ANONYMOUS_IDLE).plusSeconds(1);
        assertTrue(sessions.find(anonymous.id()).isEmpty(), "anonymous after " + Sessions.ANONYMOUS_IDLE);
        assertTrue(sessions.find(user.id()).isPresent());
        // never seen again: swept away on a later creation
        Session forgotten = sessions.create("en");
        clock.now = clock.now.plus(Duration.ofMinutes(20));
        sessions.create("en");
        assertEquals(2, sessions.size(), "the user (20 idle minutes of 60) and the newest anonymous session");
        assertTrue(sessions.find(forgotten.id()).isEmpty());
    }
}
