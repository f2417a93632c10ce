package io.smarthost.core.spf;

import static io.smarthost.panel.testkit.InMemoryDnsZones.txt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.DnsZones;
import io.smarthost.panel.testkit.InMemoryDnsZones;
import io.smarthost.panel.testkit.RecordingActionLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpfServiceTest {

    private static final String SG = "sendgrid.net";

    private TestDnsServer dns;
    private RecordingActionLog log;
    private InMemoryDnsZones zones;
    private SpfService service;

    @BeforeEach
    void setUp() throws Exception {
        dns = TestDnsServer.start();
        dns.txt(SG, "v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ~all");
        log = new RecordingActionLog();
        zones = new InMemoryDnsZones(log);
        SpfSettings settings = new SpfSettings(Optional.of(dns.address()), Duration.ofMillis(300),
                SpfSettings.DEFAULT_MAX_DEPTH, Duration.ofSeconds(5));
        service = new SpfService(zones, log, SpfChecker.create(settings));
    }

    @AfterEach
    void tearDown() throws Exception {
        dns.close();
    }

    // ---- status

    @Test
    void statusOfServedDomainWithoutSpfProposesARecordToApply() {
        zones.serve("example.test", txt("example.test", "google-site-verification=abc"));
        dns.txt("example.test", "google-site-verification=abc");

        SpfStatus s = service.status("Example.Test", "include:" + SG);

        assertEquals(SpfState.NO_SPF, s.state());
        assertEquals(Optional.of(SpfState.NO_SPF), s.zoneState());
        assertEquals(SpfAction.APPLY, s.action());
        assertEquals(Optional.of("v=spf1 include:sendgrid.net ~all"), s.recordToPublish());
        assertEquals("example.test", s.domain());
        assertEquals(SG, s.include());
    }

    @Test
    void statusIsOkWhenTheRecordIncludesTheRelay() {
        dns.txt("ok.test", "v=spf1 mx include:sendgrid.net -all");

        SpfStatus s = service.status("ok.test", SG);

        assertEquals(SpfState.OK, s.state());
        assertEquals(SpfAction.NONE, s.action());
        assertEquals(2, s.lookups());
        assertTrue(s.lookupsComplete());
        assertFalse(s.zoneServed());
        assertEquals(Optional.empty(), s.zoneState());
    }

    @Test
    void statusIsOkWhenTheRelayIsReachedThroughAnIncludeChain() {
        dns.txt("_spf.corp.test", "v=spf1 include:sendgrid.net -all");
        dns.txt("chain.test", "v=spf1 include:_spf.corp.test -all");

        assertEquals(SpfState.OK, service.status("chain.test", SG).state());
    }

    @Test
    void statusOfDomainElsewhereTellsWhatToPublishByHand() {
        dns.txt("elsewhere.test", "v=spf1 a mx -all");

        SpfStatus s = service.status("elsewhere.test", SG);

        assertEquals(SpfState.MISSING_INCLUDE, s.state());
        assertEquals(SpfAction.PUBLISH_BY_HAND, s.action());
        assertEquals(Optional.of("v=spf1 a mx include:sendgrid.net -all"), s.recordToPublish());
    }

    @Test
    void statusOfMultipleSpfRecordsAsksForAFixByHand() {
        dns.txt("two.test", "v=spf1 mx -all", "v=spf1 include:sendgrid.net -all");

        SpfStatus s = service.status("two.test", SG);

        assertEquals(SpfState.MULTIPLE_SPF, s.state());
        assertEquals(SpfAction.FIX_BY_HAND, s.action());
        assertEquals(Optional.empty(), s.recordToPublish());
        assertTrue(s.problems().contains(SpfProblem.of(SpfProblem.Code.MULTIPLE_SPF, 2)));
    }

    @Test
    void statusCountsNestedLookupsAgainstTheLimit() {
        dns.txt("big.test", "v=spf1 include:b1.test include:b2.test include:b3.test -all");
        for (int i = 1; i <= 3; i++) {
            dns.txt("b" + i + ".test", "v=spf1 a mx ptr -all");
        }
        dns.txt("over.test", "v=spf1 include:big.test include:sendgrid.net -all");
        dns.txt("would-be-over.test", "v=spf1 include:big.test -all");

        SpfStatus over = service.status("over.test", SG);
        SpfStatus wouldBeOver = service.status("would-be-over.test", SG);

        assertEquals(SpfState.OVER_LOOKUP_LIMIT, over.state());
        assertEquals(14, over.lookups());
        assertEquals(SpfAction.FIX_BY_HAND, over.action());
        assertEquals(SpfState.MISSING_INCLUDE, wouldBeOver.state());
        assertEquals(13, wouldBeOver.lookups());
        assertEquals(SpfAction.FIX_BY_HAND, wouldBeOver.action(), "adding the include would go to 14 lookups");
        assertTrue(wouldBeOver.problems().contains(SpfProblem.of(SpfProblem.Code.OVER_LOOKUP_LIMIT, 14, 10)),
                wouldBeOver.problems().toString());
    }

    @Test
    void statusSaysWhenTheLookupFailed() {
        dns.servfail("broken.test");
        dns.silent("slow.test");

        SpfStatus broken = service.status("broken.test", SG);
        SpfStatus slow = service.status("slow.test", SG);

        assertEquals(SpfState.LOOKUP_FAILED, broken.state());
        assertEquals("SERVFAIL", broken.failureReason());
        assertEquals(SpfAction.FIX_BY_HAND, broken.action());
        assertEquals(SpfState.LOOKUP_FAILED, slow.state());
        assertEquals("timeout after 300 ms", slow.failureReason());
    }

    @Test
    void statusShowsTheZoneWhenItDiffersFromWhatDnsAnswers() {
        zones.serve("moved.test", txt("moved.test", "v=spf1 include:sendgrid.net ~all"));
        dns.txt("moved.test", "v=spf1 mx -all");

        SpfStatus s = service.status("moved.test", SG);

        assertEquals(SpfState.MISSING_INCLUDE, s.state());
        assertEquals(Optional.of(SpfState.OK), s.zoneState());
        assertEquals(SpfAction.NONE, s.action(), "the zone is right; the delegation is not ours to fix");
        assertTrue(s.problems().stream().anyMatch(p -> p.code() == SpfProblem.Code.ZONE_DIFFERS_FROM_PUBLISHED));
    }

    @Test
    void statusesOfManyDomainsComeBackInOrder() {
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            domains.add("d" + i + ".test");
            dns.txt("d" + i + ".test", i % 2 == 0 ? "v=spf1 include:sendgrid.net -all" : "v=spf1 -all");
        }

        List<SpfStatus> statuses = service.statuses(domains, SG);

        assertEquals(domains, statuses.stream().map(SpfStatus::domain).toList());
        for (int i = 0; i < 20; i++) {
            assertEquals(i % 2 == 0 ? SpfState.OK : SpfState.MISSING_INCLUDE, statuses.get(i).state());
        }
    }

    // ---- apply

    @Test
    void applyMergesIntoTheZoneKeepingOtherTxtRecordsAndLogsOnce() {
        zones.serve("example.test",
                txt("example.test", "google-site-verification=abc"),
                txt("example.test", "v=spf1 a mx -all"),
                txt("_dmarc.example.test", "v=DMARC1; p=none"),
                new DnsZones.Record("example.test", "MX", "10 mail.example.test", 3600));

        ApplyOutcome outcome = service.apply("example.test", SG);

        assertEquals(ApplyOutcome.Result.APPLIED, outcome.result());
        assertEquals(Optional.of("v=spf1 a mx -all"), outcome.before());
        assertEquals(Optional.of("v=spf1 a mx include:sendgrid.net -all"), outcome.after());
        assertEquals(List.of(
                txt("_dmarc.example.test", "v=DMARC1; p=none"),
                new DnsZones.Record("example.test", "MX", "10 mail.example.test", 3600),
                txt("example.test", "google-site-verification=abc"),
                txt("example.test", "v=spf1 a mx include:sendgrid.net -all")), zones.records("example.test"));
        assertEquals(List.of(new RecordingActionLog.Entry(SpfService.ACTION_APPLIED, "example.test", Map.of(
                "include", SG, "before", "v=spf1 a mx -all", "after", "v=spf1 a mx include:sendgrid.net -all"))),
                log.entries(SpfService.ACTION_APPLIED));
        assertEquals(1, log.entries("dns.records.replaced").size(), "one atomic replace");
    }

    @Test
    void applyingAgainChangesNothing() {
        zones.serve("example.test", txt("example.test", "v=spf1 mx -all"));
        service.apply("example.test", SG);
        List<DnsZones.Record> after = zones.records("example.test");

        ApplyOutcome again = service.apply("example.test", SG);

        assertEquals(ApplyOutcome.Result.UNCHANGED, again.result());
        assertEquals(after, zones.records("example.test"));
        assertEquals(1, log.entries(SpfService.ACTION_APPLIED).size());
    }

    @Test
    void applyDoesNotAddTheIncludeWhenAChainAlreadyReachesIt() {
        dns.txt("_spf.corp.test", "v=spf1 include:sendgrid.net -all");
        zones.serve("corp.test", txt("corp.test", "v=spf1 include:_spf.corp.test -all"));

        assertEquals(ApplyOutcome.Result.UNCHANGED, service.apply("corp.test", SG).result());
        assertEquals(List.of(txt("corp.test", "v=spf1 include:_spf.corp.test -all")), zones.records("corp.test"));
    }

    @Test
    void applyRefusesToPickBetweenSeveralSpfRecords() {
        zones.serve("two.test", txt("two.test", "v=spf1 mx -all"), txt("two.test", "v=spf1 a -all"));
        List<DnsZones.Record> before = zones.records("two.test");

        ApplyOutcome outcome = service.apply("two.test", SG);

        assertEquals(ApplyOutcome.Result.REFUSED, outcome.result());
        assertEquals(List.of(SpfProblem.of(SpfProblem.Code.MULTIPLE_SPF, 2)), outcome.problems());
        assertEquals(before, zones.records("two.test"));
        assertEquals(List.of(), log.entries());
    }

    @Test
    void applyRefusesARecordOverTheLookupLimit() {
        dns.txt("big.test", "v=spf1 a mx ptr include:b1.test -all");
        dns.txt("b1.test", "v=spf1 a mx ptr exists:x.test -all");
        zones.serve("full.test", txt("full.test", "v=spf1 include:big.test a mx -all"));

        ApplyOutcome outcome = service.apply("full.test", SG);

        assertEquals(ApplyOutcome.Result.REFUSED, outcome.result());
        assertTrue(outcome.problems().contains(SpfProblem.of(SpfProblem.Code.OVER_LOOKUP_LIMIT, 12, 10)), outcome.problems().toString());
        assertEquals(List.of(txt("full.test", "v=spf1 include:big.test a mx -all")), zones.records("full.test"));
        assertEquals(List.of(), log.entries());
    }

    @Test
    void failedZoneUpdateLeavesTheZoneAsItWasAndLogsNothing() {
        zones.serve("example.test", txt("example.test", "v=spf1 mx -all"));
        zones.failNextReplace();

        ApplyOutcome outcome = service.apply("example.test", SG);

        assertEquals(ApplyOutcome.Result.FAILED, outcome.result());
        assertTrue(outcome.reason().contains("named-checkzone"), outcome.reason());
        assertEquals(List.of(txt("example.test", "v=spf1 mx -all")), zones.records("example.test"));
        assertEquals(List.of(), log.entries());
    }

    @Test
    void applyKeepsTheZoneFileFormOfAQuotedValue() {
        zones.serve("quoted.test", txt("quoted.test", "\"v=spf1 mx \" \"-all\""));

        service.apply("quoted.test", SG);

        assertEquals(List.of(txt("quoted.test", "\"v=spf1 mx include:sendgrid.net -all\"")), zones.records("quoted.test"));
    }

    @Test
    void applyForAZoneServedElsewhereGivesTheRecordToPublish() {
        dns.txt("elsewhere.test", "v=spf1 mx ~all");

        ApplyOutcome outcome = service.apply("elsewhere.test", SG);

        assertEquals(ApplyOutcome.Result.PUBLISH_BY_HAND, outcome.result());
        assertEquals(Optional.of("v=spf1 mx include:sendgrid.net ~all"), outcome.after());
        assertEquals(List.of(), log.entries());
    }

    @Test
    void applyForAZoneServedElsewhereFailsWhenDnsCannotBeRead() {
        dns.servfail("broken.test");

        ApplyOutcome outcome = service.apply("broken.test", SG);

        assertEquals(ApplyOutcome.Result.FAILED, outcome.result());
        assertEquals("DNS lookup of broken.test failed: SERVFAIL", outcome.reason());
    }

    @Test
    void bulkApplyGoesOnAfterADomainFails() {
        zones.serve("a.test", txt("a.test", "v=spf1 mx -all"));
        zones.serve("b.test", txt("b.test", "v=spf1 mx -all"), txt("b.test", "v=spf1 a -all"));
        zones.serve("c.test");
        dns.txt("d.test", "v=spf1 -all");

        List<ApplyOutcome> outcomes = service.applyAll(List.of("a.test", "b.test", "c.test", "d.test"), SG);

        assertEquals(List.of(ApplyOutcome.Result.APPLIED, ApplyOutcome.Result.REFUSED, ApplyOutcome.Result.APPLIED,
                ApplyOutcome.Result.PUBLISH_BY_HAND), outcomes.stream().map(ApplyOutcome::result).toList());
        assertEquals(List.of(txt("c.test", "v=spf1 include:sendgrid.net ~all")), zones.records("c.test"));
        assertEquals(2, log.entries(SpfService.ACTION_APPLIED).size());
    }

    @Test
    void concurrentAppliesToOneDomainWriteOnce() throws Exception {
        zones.serve("race.test", txt("race.test", "v=spf1 mx -all"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApplyOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return service.apply("race.test", SG);
            }));
        }
        start.countDown();
        List<ApplyOutcome.Result> results = new ArrayList<>();
        for (Future<ApplyOutcome> f : futures) {
            results.add(f.get().result());
        }
        pool.shutdown();

        assertEquals(1, results.stream().filter(r -> r == ApplyOutcome.Result.APPLIED).count(), results.toString());
        assertEquals(List.of(txt("race.test", "v=spf1 mx include:sendgrid.net -all")), zones.records("race.test"));
        assertEquals(1, log.entries(SpfService.ACTION_APPLIED).size());
    }

    // ---- template

    @Test
    void applyTemplateAddsTheIncludeForNewDomains() {
        zones.template(txt("<domain>", "v=spf1 +a +mx +a:<hostname> -all"),
                new DnsZones.Record("<domain>", "MX", "10 mail.<domain>", 3600));

        ApplyOutcome outcome = service.applyTemplate(SG);

        assertEquals(ApplyOutcome.Result.APPLIED, outcome.result());
        assertEquals(SpfService.TEMPLATE_TARGET, outcome.target());
        assertTrue(zones.template().contains(txt("<domain>", "v=spf1 +a +mx +a:<hostname> include:sendgrid.net -all")),
                zones.template().toString());
        assertTrue(zones.template().contains(new DnsZones.Record("<domain>", "MX", "10 mail.<domain>", 3600)));
        assertEquals(1, log.entries(SpfService.ACTION_TEMPLATE_APPLIED).size());
        assertEquals(ApplyOutcome.Result.UNCHANGED, service.applyTemplate(SG).result());
    }

    @Test
    void removingTheIncludeFromTheTemplateRestoresIt() {
        zones.template(txt("<domain>", "v=spf1 +a +mx -all"));
        service.applyTemplate(SG);

        ApplyOutcome outcome = service.removeIncludeFromTemplate(SG);

        assertEquals(ApplyOutcome.Result.APPLIED, outcome.result());
        assertEquals(List.of(txt("<domain>", "v=spf1 +a +mx -all")), zones.template());
    }

    // ---- disabling a relay

    @Test
    void removeIncludeRestoresTheRecordThatWasThere() {
        zones.serve("example.test", txt("example.test", "v=spf1 a mx -all"), txt("example.test", "other=1"));
        service.apply("example.test", SG);

        ApplyOutcome outcome = service.removeInclude("example.test", SG);

        assertEquals(ApplyOutcome.Result.APPLIED, outcome.result());
        assertEquals(List.of(txt("example.test", "v=spf1 a mx -all"), txt("example.test", "other=1")), zones.records("example.test"));
        assertEquals(Map.of("include", SG, "before", "v=spf1 a mx include:sendgrid.net -all", "after", "v=spf1 a mx -all"),
                log.entries(SpfService.ACTION_REMOVED).get(0).details());
    }

    @Test
    void removeIncludeDeletesARecordThatApplyCreated() {
        zones.serve("new.test");
        service.apply("new.test", SG);

        ApplyOutcome outcome = service.removeInclude("new.test", SG);

        assertEquals(ApplyOutcome.Result.APPLIED, outcome.result());
        assertEquals(Optional.empty(), outcome.after());
        assertEquals(List.of(), zones.records("new.test"));
        assertEquals("(removed)", log.entries(SpfService.ACTION_REMOVED).get(0).details().get("after"));
    }

    @Test
    void removeIncludeForDomainsElsewhereSaysWhatToPublish() {
        dns.txt("elsewhere.test", "v=spf1 mx include:sendgrid.net ~all");
        dns.txt("clean.test", "v=spf1 mx ~all");

        List<ApplyOutcome> outcomes = service.removeIncludeAll(List.of("elsewhere.test", "clean.test"), SG);

        assertEquals(ApplyOutcome.Result.PUBLISH_BY_HAND, outcomes.get(0).result());
        assertEquals(Optional.of("v=spf1 mx ~all"), outcomes.get(0).after());
        assertEquals(ApplyOutcome.Result.UNCHANGED, outcomes.get(1).result());
    }
}
