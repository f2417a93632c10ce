package io.smarthost.core.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpfCheckerTest {

    private TestDnsServer dns;
    private SpfChecker checker;

    @BeforeEach
    void startDns() throws Exception {
        dns = TestDnsServer.start();
        checker = checker(Duration.ofMillis(300), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopDns() throws Exception {
        dns.close();
    }

    private SpfChecker checker(Duration timeout, Duration budget) {
        return SpfChecker.create(new SpfSettings(Optional.of(dns.address()), timeout, SpfSettings.DEFAULT_MAX_DEPTH, budget));
    }

    @Test
    void readsTxtRecordsOfAName() {
        dns.txt("example.test", "v=spf1 mx -all", "google-site-verification=abc");

        TxtAnswer answer = checker.txt("Example.Test.");

        assertEquals(TxtAnswer.Outcome.FOUND, answer.outcome());
        assertEquals(Set.of("v=spf1 mx -all", "google-site-verification=abc"), Set.copyOf(answer.texts()));
        assertEquals(List.of("v=spf1 mx -all"), answer.spfRecords());
    }

    @Test
    void joinsTheStringsOfALongRecordAndFallsBackToTcpWhenTruncated() {
        StringBuilder record = new StringBuilder("v=spf1");
        for (int i = 1; i <= 40; i++) {
            record.append(" ip4:198.51.100.").append(i);
        }
        record.append(" -all");
        dns.txt("long.test", record.toString(), record.toString().replace("-all", "~all"));

        TxtAnswer answer = checker.txt("long.test");

        assertEquals(TxtAnswer.Outcome.FOUND, answer.outcome(), answer.reason());
        assertTrue(answer.texts().contains(record.toString()), "strings of one record are joined without a separator");
        assertTrue(dns.tcpQueries() >= 1, "the UDP answer was truncated, so the query was repeated over TCP");
    }

    @Test
    void tellsNoRecordsFromFailure() {
        dns.txt("nodata.test");
        dns.servfail("broken.test");

        assertEquals(TxtAnswer.Outcome.NO_RECORDS, checker.txt("nxdomain.test").outcome());
        assertEquals(TxtAnswer.Outcome.NO_RECORDS, checker.txt("nodata.test").outcome());
        TxtAnswer failed = checker.txt("broken.test");
        assertEquals(TxtAnswer.Outcome.FAILED, failed.outcome());
        assertEquals("SERVFAIL", failed.reason());
    }

    @Test
    void timesOutOnAServerThatDoesNotAnswer() {
        dns.silent("slow.test");

        TxtAnswer answer = checker.txt("slow.test");

        assertEquals(TxtAnswer.Outcome.FAILED, answer.outcome());
        assertEquals("timeout after 300 ms", answer.reason());
        assertTrue(answer.millis() >= 250 && answer.millis() < 2000, "took " + answer.millis() + " ms");
    }

    @Test
    void countsLookupsOfNestedIncludesAndRedirect() {
        dns.txt("_spf.corp.test", "v=spf1 include:relay.test ip4:192.0.2.0/24 -all");
        dns.txt("relay.test", "v=spf1 a mx:mx.relay.test -all");
        dns.txt("_spf.other.test", "v=spf1 ptr ?all");

        LookupWalk walk = checker.walk("v=spf1 mx include:_spf.corp.test redirect=_spf.other.test");

        // mx, include, [include, a, mx], redirect, [ptr]
        assertEquals(7, walk.lookups());
        assertTrue(walk.complete());
        assertEquals(Set.of("_spf.corp.test", "relay.test", "_spf.other.test"), walk.reached());
        assertTrue(walk.reaches("include:Relay.Test"));
        assertEquals(List.of(), walk.problems());
    }

    @Test
    void doesNotCountARedirectNextToAll() {
        dns.txt("r.test", "v=spf1 a a a -all");

        LookupWalk walk = checker.walk("v=spf1 mx -all redirect=r.test");

        assertEquals(1, walk.lookups());
        assertEquals(0, dns.queries("r.test"));
    }

    @Test
    void aFailingIncludeDoesNotAuthoriseWhatItIncludes() {
        dns.txt("a.test", "v=spf1 include:relay.test -all");
        dns.txt("relay.test", "v=spf1 a -all");

        LookupWalk walk = checker.walk("v=spf1 -include:a.test ~all");

        assertFalse(walk.reaches("relay.test"), "a fail-qualified include never authorises");
        assertEquals(3, walk.lookups());
    }

    @Test
    void reportsGoingOverTheLimitThroughIncludedRecords() {
        dns.txt("big.test", "v=spf1 include:b1.test include:b2.test include:b3.test include:b4.test -all");
        for (int i = 1; i <= 4; i++) {
            dns.txt("b" + i + ".test", "v=spf1 a mx -all");
        }

        LookupWalk walk = checker.walk("v=spf1 include:big.test include:relay.test ~all");

        // include big (1) + 4 includes + 4*(a, mx) + include relay (1) = 14
        assertEquals(14, walk.lookups());
        assertTrue(walk.overLimit());
        assertTrue(walk.problems().contains(SpfProblem.of(SpfProblem.Code.OVER_LOOKUP_LIMIT, 14, 10)), walk.problems().toString());
        assertTrue(walk.problems().contains(SpfProblem.of(SpfProblem.Code.TARGET_WITHOUT_SPF, "relay.test", "include:relay.test")));
    }

    @Test
    void stopsAtAnIncludeLoop() {
        dns.txt("a.test", "v=spf1 include:b.test -all");
        dns.txt("b.test", "v=spf1 include:a.test -all");

        LookupWalk walk = checker.walk("v=spf1 include:a.test -all");

        assertFalse(walk.complete());
        assertTrue(walk.problems().contains(SpfProblem.of(SpfProblem.Code.LOOP, "a.test > b.test > a.test")), walk.problems().toString());
        assertEquals(1, dns.queries("a.test"), "answers are reused within one walk");
    }

    @Test
    void saysTheCountIsALowerBoundWhenANestedLookupFails() {
        dns.servfail("broken.test");
        dns.silent("slow.test");

        LookupWalk walk = checker.walk("v=spf1 include:broken.test include:slow.test ~all");

        assertEquals(2, walk.lookups());
        assertFalse(walk.complete());
        assertEquals(List.of(SpfProblem.of(SpfProblem.Code.NESTED_LOOKUP_FAILED, "broken.test", "SERVFAIL"),
                SpfProblem.of(SpfProblem.Code.NESTED_LOOKUP_FAILED, "slow.test", "timeout after 300 ms")), walk.problems());
    }

    @Test
    void staysWithinItsTimeBudgetWhenEveryIncludeTimesOut() {
        SpfChecker bounded = checker(Duration.ofMillis(200), Duration.ofMillis(700));
        StringBuilder record = new StringBuilder("v=spf1");
        for (int i = 0; i < 20; i++) {
            dns.silent("s" + i + ".test");
            record.append(" include:s").append(i).append(".test");
        }

        LookupWalk walk = bounded.walk(record + " -all");

        assertEquals(20, walk.lookups(), "every term is counted even when not followed");
        assertFalse(walk.complete());
        assertTrue(walk.millis() < 1500, "took " + walk.millis() + " ms");
        assertTrue(walk.problems().stream().anyMatch(p -> p.code() == SpfProblem.Code.WALK_INCOMPLETE));
    }

    @Test
    void doesNotFollowMacros() {
        LookupWalk walk = checker.walk("v=spf1 include:%{d}._spf.test exists:%{i}.x.test -all");

        assertEquals(2, walk.lookups());
        assertFalse(walk.complete());
        assertEquals(2, walk.problems().size());
    }
}
