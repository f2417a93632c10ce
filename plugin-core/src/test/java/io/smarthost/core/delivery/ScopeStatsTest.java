package io.smarthost.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.delivery.ScopeStats.Counts;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Hour buckets over 7 days, the failing state, and the stored form. */
class ScopeStatsTest {
    static final Instant NOW = Instant.parse("2026-12-05T12:30:00Z");

    static Delivery at(Instant t, Outcome o, String reply) {
        return new Delivery(t, "ABCDE12345", "a@alpha.example", "r@remote.example", "relay.example[192.0.2.1]:587", o,
                o == Outcome.SENT ? "2.0.0" : o == Outcome.DEFERRED ? "4.0.0" : "5.1.1", reply, 0.5);
    }

    @Test
    void countsFallIntoTheirHourAndWindowsAddThemUp() {
        ScopeStats s = new ScopeStats();
        s.add(at(NOW.minus(Duration.ofMinutes(10)), Outcome.SENT, "250 Ok"), "domain", NOW);
        s.add(at(NOW.minus(Duration.ofHours(3)), Outcome.DEFERRED, "timed out"), "domain", NOW);
        s.add(at(NOW.minus(Duration.ofDays(3)), Outcome.BOUNCED, "550 5.1.1 user unknown"), "domain", NOW);
        s.add(at(NOW.minus(Duration.ofDays(8)), Outcome.SENT, "250 Ok"), "domain", NOW); // too old to count
        assertEquals(new Counts(1, 0, 0), s.window(NOW, 1));
        assertEquals(new Counts(1, 1, 0), s.window(NOW, 24));
        assertEquals(new Counts(1, 1, 1), s.window(NOW, ScopeStats.HOURS));
        Counts[] hours = s.hourly(NOW, 24);
        assertEquals(24, hours.length);
        assertEquals(new Counts(1, 0, 0), hours[23]);
        assertEquals(new Counts(0, 1, 0), hours[20]);
    }

    @Test
    void aSlotIsReusedAWeekLaterWithoutTheOldCounts() {
        ScopeStats s = new ScopeStats();
        s.add(at(NOW.minus(Duration.ofHours(ScopeStats.HOURS)), Outcome.SENT, "250 Ok"), "server",
                NOW.minus(Duration.ofHours(1)));
        s.add(at(NOW, Outcome.DEFERRED, "timed out"), "server", NOW);
        assertEquals(new Counts(0, 1, 0), s.window(NOW, ScopeStats.HOURS));
    }

    @Test
    void failingFollowsTheLastAttemptButNotAnUnknownRecipient() {
        ScopeStats s = new ScopeStats();
        assertFalse(s.failing());
        assertTrue(s.add(at(NOW.minusSeconds(60), Outcome.DEFERRED, "SASL authentication failed; server x said: 535 no"), "server", NOW));
        assertFalse(s.add(at(NOW.minusSeconds(30), Outcome.SENT, "250 Ok"), "server", NOW));
        assertFalse(s.add(at(NOW, Outcome.BOUNCED, "host x said: 550 5.1.1 <r@remote.example>: user unknown"), "server", NOW),
                "a wrong address says nothing about the relay");
        assertTrue(s.add(at(NOW.plusSeconds(1), Outcome.BOUNCED, "host x said: 550 5.7.1 Sender address not verified"), "server",
                NOW));
        assertTrue(s.add(at(NOW.minusSeconds(3600), Outcome.SENT, "250 Ok"), "server", NOW), "an older line does not recover it");
    }

    @Test
    void theStoredFormReadsBackTheSameAndSurvivesQuotesInReplies() {
        ScopeStats s = new ScopeStats();
        s.add(at(NOW, Outcome.SENT, "250 Ok"), "alias", NOW);
        s.add(at(NOW.plusSeconds(5), Outcome.DEFERRED, "said: 451 \"quoted\" \\ reply \u00e9"), "alias", NOW);
        ScopeStats back = ScopeStats.fromJson(s.toJson());
        assertEquals(s.toJson(), back.toJson());
        assertEquals("said: 451 \"quoted\" \\ reply \u00e9", back.lastError().orElseThrow().reply());
        assertEquals("alias", back.via());
        assertEquals(s.window(NOW, 24), back.window(NOW, 24));
        assertEquals(s.toJson(), s.copy().toJson());
        assertEquals(0, ScopeStats.fromJson("not json").window(NOW, 24).total(), "unreadable: counting starts again");
    }

    @Test
    void oneTransientDeferralAmongMessagesSentIsNeverAnnounced() {
        ScopeStats s = new ScopeStats();
        Instant t = NOW;
        for (int i = 0; i < 50; i++) {
            Outcome o = i == 20 ? Outcome.DEFERRED : Outcome.SENT;
            s.add(at(t, o, o == Outcome.SENT ? "250 Ok" : "451 4.3.0 try again later"), "domain", t);
            assertFalse(s.settle(t), "evaluated after each attempt: no flip announced at " + i);
            assertFalse(s.failing());
            t = t.plusSeconds(1);
        }
        assertTrue(s.failingNow() == false && !s.unsettled());
    }

    @Test
    void twoFailuresInARowAreAnnouncedAtOnceAndOneIsAnnouncedOnceItHeld() {
        ScopeStats s = new ScopeStats();
        s.add(at(NOW, Outcome.SENT, "250 Ok"), "server", NOW);
        s.add(at(NOW.plusSeconds(1), Outcome.DEFERRED, "535 5.7.8 auth failed"), "server", NOW);
        assertTrue(s.failingNow());
        assertFalse(s.settle(NOW.plusSeconds(2)), "one failure, just now: not yet");
        assertTrue(s.unsettled());
        assertFalse(s.failing());
        assertTrue(s.settle(NOW.plusSeconds(1).plus(ScopeStats.STABLE)), "held long enough with nothing sent since");
        assertTrue(s.failing());
        // recovering: one message out is not enough at once, two in a row are
        s.add(at(NOW.plusSeconds(30), Outcome.SENT, "250 Ok"), "server", NOW);
        assertFalse(s.settle(NOW.plusSeconds(31)));
        assertTrue(s.failing());
        s.add(at(NOW.plusSeconds(32), Outcome.SENT, "250 Ok"), "server", NOW);
        assertTrue(s.settle(NOW.plusSeconds(33)));
        assertFalse(s.failing());
        s.add(at(NOW.plusSeconds(40), Outcome.DEFERRED, "timed out"), "server", NOW);
        s.add(at(NOW.plusSeconds(41), Outcome.DEFERRED, "timed out"), "server", NOW);
        assertTrue(s.settle(NOW.plusSeconds(41)), "two failures in a row");
        assertTrue(s.failing());
    }

    @Test
    void theAnnouncedStateAndItsStreakSurviveTheStoredForm() {
        ScopeStats s = new ScopeStats();
        s.add(at(NOW, Outcome.DEFERRED, "timed out"), "server", NOW);
        ScopeStats back = ScopeStats.fromJson(s.toJson());
        assertTrue(back.unsettled());
        back.add(at(NOW.plusSeconds(1), Outcome.DEFERRED, "timed out"), "server", NOW);
        assertTrue(back.settle(NOW.plusSeconds(1)), "the second failure in a row, counted across a restart");
        assertTrue(ScopeStats.fromJson(back.toJson()).failing());
        // figures stored before the hysteresis existed: what they showed stays announced (no entry at upgrade)
        String old = back.toJson().replaceAll(",\"an\":(true|false),\"sk\":\\d+(,\"rs\":\\d+)?", "");
        assertFalse(old.contains("\"an\""), old);
        assertTrue(ScopeStats.fromJson(old).failing());
        assertFalse(ScopeStats.fromJson(old).unsettled());
    }
}
