package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk change keeps the settings it gives many domains once ({@link SharedRelays}): what every reader
 * sees stays what it was with a row and a secret per domain, through later changes to one domain, bulk
 * changes that keep the password, renames, deletions, a refused apply and the sweep of unnamed records.
 */
class SharedRelaysTest {
    static final RelayValidator validator = TestValidator.get();
    static final List<String> ALL = List.of("a.example", "b.example", "c.example");

    @TempDir
    Path home;
    TestHostServices host;
    RecordingMailBackend backend;
    SmarthostService service;

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        ALL.forEach(n -> host.domains().add(n, "alice"));
        backend = RecordingMailBackend.full("postfix");
        service = FixedClockService.of(host, backend, validator);
    }

    static RelayInput relay(String host, String user, String password) {
        return RelayInput.builder().host("[" + host + "]:587").login(user, password).build();
    }

    /** The store's keys, the domain rows as the plugin reads them (a set's members as rows, its own keys left out). */
    private Map<String, String> raw() {
        Map<String, String> all = new TreeMap<>(host.store().rawValues());
        all.keySet().removeIf(k -> k.startsWith("@") || k.startsWith(MemberRows.CHUNK_PREFIX)
                || k.startsWith(MemberRows.MARK_PREFIX) || k.equals(MemberRows.SETS));
        all.putAll(rows());
        return all;
    }

    private Set<String> keysStartingWith(String prefix) {
        return raw().keySet().stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toSet());
    }

    /** What a full apply sees: every domain's relay, with its password. */
    private Map<String, String> repaired() {
        service.repair();
        return backend.domains().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().address().host() + " " + e.getValue().credentials().map(c -> c.username() + ":"
                        + c.secret().reveal()).orElse("-"), (a, b) -> a, TreeMap::new));
    }

    @Test
    void aBulkChangeWithAPasswordWritesOneRecordAndItsSecretAndNoSecretPerDomain() {
        service.updateDomain("a.example", relay("own.example", "own", "own-pw"));
        assertEquals(Set.of("*a.example"), keysStartingWith("*"));

        service.bulkUpdate(ALL, relay("bulk.example", "bulk", "bulk-pw"), Confirm.NONE);

        Set<String> records = keysStartingWith("=");
        assertEquals(1, records.size());
        String record = records.iterator().next();
        assertEquals(Set.of("~" + record.substring(1)), keysStartingWith("~"));
        assertEquals(Set.of(), keysStartingWith("*"), "the domain's own secret is not kept: nothing uses it");
        ALL.forEach(n -> assertEquals(record, raw().get("@" + n)));
        assertFalse(raw().get("~" + record.substring(1)).contains("bulk-pw"), "the record's secret is sealed");

        // every reader: the incremental apply, a full walk, the page, one domain's view, the list
        ALL.forEach(n -> assertEquals("bulk:bulk-pw", backend.domains().get(n).credentials().orElseThrow().username()
                + ":" + backend.domains().get(n).credentials().get().secret().reveal()));
        assertEquals(Map.of("a.example", "bulk.example bulk:bulk-pw", "b.example", "bulk.example bulk:bulk-pw",
                "c.example", "bulk.example bulk:bulk-pw"), repaired());
        RelayView view = service.domain("b.example");
        assertTrue(view.secretSet());
        assertEquals("bulk", view.settings().orElseThrow().username());
        assertEquals(List.of("bulk.example", "bulk.example", "bulk.example"), service.list("", 0, 10).items().stream()
                .map(r -> r.settings().address().orElseThrow().host()).toList());
        assertEquals("bulk.example", service.effectiveFor("c.example").relay().orElseThrow().address().host());
    }

    @Test
    void aChangeToOneDomainMakesItsRowItsOwnAndKeepsThePassword() {
        service.bulkUpdate(ALL, relay("bulk.example", "bulk", "bulk-pw"), Confirm.NONE);

        // the same relay and login, password left blank: the record's password is kept, now as the domain's own
        service.updateDomain("b.example", RelayInput.builder().host("[bulk.example]:587").login("bulk", "")
                .verifyCertificate(false).build());
        assertTrue(raw().get("@b.example").startsWith("{"), "its own settings");
        assertEquals(Set.of("*b.example"), keysStartingWith("*"));
        assertEquals("bulk:bulk-pw", credentials(backend.domains().get("b.example")));
        assertFalse(backend.domains().get("b.example").verifyCertificate());
        assertTrue(backend.domains().get("a.example").verifyCertificate(), "the others keep the record");

        // turned off alone, then on again with a blank password: the password survived
        service.disableDomain("c.example");
        assertTrue(raw().get("@c.example").startsWith("{"));
        assertFalse(backend.domains().containsKey("c.example"));
        service.updateDomain("c.example", RelayInput.builder().host("[bulk.example]:587").login("bulk", "").build());
        assertEquals("bulk:bulk-pw", credentials(backend.domains().get("c.example")));
        assertEquals("bulk.example bulk:bulk-pw", repaired().get("a.example"));
    }

    /**
     * A bulk change that keeps each domain's password: the domains of one record stay together (the record keeps
     * its password, validated once for them all), a domain with settings of its own keeps its own row and secret.
     * It gave every domain its own row and a copy of the record's password.
     */
    @Test
    void aBulkChangeThatKeepsThePasswordKeepsTheRecordsAndTheOwnRows() {
        service.bulkUpdate(List.of("a.example", "b.example"), relay("bulk.example", "bulk", "bulk-pw"), Confirm.NONE);
        String record = raw().get("@a.example");
        service.updateDomain("c.example", relay("bulk.example", "bulk", "own-pw"));

        // the same relay and login (a blank password is refused for any other), its certificate no longer verified
        service.bulkUpdate(ALL, RelayInput.builder().host("[bulk.example]:587").login("bulk", "").verifyCertificate(false)
                .build(), Confirm.NONE);

        assertEquals(Map.of("a.example", "bulk.example bulk:bulk-pw", "b.example", "bulk.example bulk:bulk-pw",
                "c.example", "bulk.example bulk:own-pw"), repaired());
        assertTrue(backend.domains().values().stream().noneMatch(Relay::verifyCertificate));
        assertEquals(record, raw().get("@a.example"), "rewritten in place: a and b were all its domains");
        assertEquals(record, raw().get("@b.example"));
        assertTrue(raw().get("@c.example").startsWith("{"));
        assertEquals(Set.of("*c.example"), keysStartingWith("*"));
        assertEquals(Set.of("~" + record.substring(1)), keysStartingWith("~"));
        assertEquals("2", raw().get("#" + record.substring(1)));
    }

    /** Two records, each with its password; a kept-password change over part of one of them moves that part. */
    @Test
    void aKeptPasswordChangeOverTwoRecordsKeepsEachRecordsPassword() {
        host.domains().add("d.example", "alice");
        service.bulkUpdate(List.of("a.example", "b.example"), relay("bulk.example", "bulk", "pw-1"), Confirm.NONE);
        service.bulkUpdate(List.of("c.example", "d.example"), relay("bulk.example", "bulk", "pw-2"), Confirm.NONE);
        String second = raw().get("@c.example");

        service.bulkUpdate(List.of("a.example", "b.example", "c.example"), RelayInput.builder().host("[bulk.example]:587")
                .login("bulk", "").verifyCertificate(false).build(), Confirm.NONE);

        assertEquals(Map.of("a.example", "bulk.example bulk:pw-1", "b.example", "bulk.example bulk:pw-1",
                "c.example", "bulk.example bulk:pw-2", "d.example", "bulk.example bulk:pw-2"), repaired());
        assertEquals(Set.of(), keysStartingWith("*"), "no domain got a password of its own");
        assertEquals(second, raw().get("@d.example"), "d stays on its record");
        assertTrue(backend.domains().get("d.example").verifyCertificate(), "d was not named");
        assertFalse(backend.domains().get("c.example").verifyCertificate());
        assertEquals("1", raw().get("#" + second.substring(1)));
    }

    @Test
    void aBulkChangeOverAnEarlierOneRewritesItsRecordInPlace() {
        service.bulkUpdate(ALL, relay("one.example", "u", "pw1"), Confirm.NONE);
        Map<String, String> rows = rows();
        String record = rows.get("@a.example");
        service.bulkUpdate(ALL, relay("two.example", "u", "pw2"), Confirm.NONE);

        assertEquals(rows, rows(), "no row written: the record they name was given the new settings");
        assertEquals(Set.of(record), keysStartingWith("="));
        assertEquals("3", raw().get("#" + record.substring(1)));
        assertEquals(Map.of("a.example", "two.example u:pw2", "b.example", "two.example u:pw2",
                "c.example", "two.example u:pw2"), repaired());

        // a change to part of the record's domains: a new record for them, the old one keeps the rest
        service.bulkUpdate(List.of("a.example", "b.example"), relay("three.example", "u", "pw3"), Confirm.NONE);
        assertEquals(2, keysStartingWith("=").size());
        assertEquals(record, raw().get("@c.example"));
        assertEquals("1", raw().get("#" + record.substring(1)));
        assertEquals("2", raw().get("#" + raw().get("@a.example").substring(1)));
    }

    /** The record named by exactly these domains, as the store says (empty when a change since did not say). */
    private java.util.Optional<String> namedByExactly(List<String> names) {
        return view().inTransaction(tx -> SharedRelays.namedByExactly(tx,
                names.stream().map(Scope::domain).toList()));
    }

    /**
     * A bulk change over exactly the domains of an earlier one rewrites the record and reads only the first
     * domain's row: the record knows who names it (a digest of the names) until a change of who names it.
     */
    @Test
    void aBulkChangeOverTheSameDomainsReadsOneRowAndRewritesTheRecord() {
        service.bulkUpdate(ALL, relay("one.example", "u", "pw1"), Confirm.NONE);
        String record = raw().get("@a.example");
        assertEquals(java.util.Optional.of(record), namedByExactly(List.of("c.example", "a.example", "b.example")),
                "in any order");
        assertTrue(namedByExactly(List.of("a.example", "b.example")).isEmpty(), "fewer");
        host.domains().add("d.example", "alice");
        assertTrue(namedByExactly(List.of("a.example", "b.example", "c.example", "d.example")).isEmpty(), "more");
        assertTrue(namedByExactly(List.of("a.example", "b.example", "d.example")).isEmpty(), "as many, not the same");

        List<String> read = new java.util.ArrayList<>();
        view().inTransaction(tx -> {
            UndoLog undo = new UndoLog(reading(tx, read), StoreKeys::isSecret);
            SettingsWrites.writeAll(undo, ALL.stream().map(Scope::domain).toList(), io.smarthost.core.validation.ResolvedInput.of(
                    relay("two.example", "u", "pw2")), java.time.Instant.EPOCH, 4, Progress.NONE);
            undo.close();
            return null;
        });
        assertEquals(List.of("@a.example"), read.stream().filter(k -> k.startsWith("@")).toList(),
                "the first domain's row only: " + read);
        assertEquals(Map.of("a.example", "two.example u:pw2", "b.example", "two.example u:pw2",
                "c.example", "two.example u:pw2"), repaired());
        assertEquals(Set.of(record), keysStartingWith("="));
        assertEquals(java.util.Optional.of(record), namedByExactly(ALL), "still the same domains");
    }

    /** Who names the record changed: it no longer says, and a bulk change over the old domains reads their rows. */
    @Test
    void anyChangeOfWhoNamesARecordForgetsWhoItWas() {
        host.domains().add("d.example", "alice");
        host.domains().add("e.example", "alice");
        List<String> five = List.of("a.example", "b.example", "c.example", "d.example", "e.example");
        service.bulkUpdate(five, relay("one.example", "u", "pw1"), Confirm.NONE);
        String record = raw().get("@a.example");

        // a change to one domain: its own row
        assertTrue(digested(record));
        service.updateDomain("e.example", relay("own.example", "own", "own-pw"));
        assertFalse(digested(record), "the record does not know who names it any more");
        assertTrue(namedByExactly(List.of("a.example", "b.example", "c.example", "d.example")).isEmpty());
        service.bulkUpdate(five, relay("two.example", "u", "pw2"), Confirm.NONE);
        assertEquals("two.example u:pw2", repaired().get("e.example"), "e was named, it follows");
        String second = raw().get("@a.example");
        assertEquals(java.util.Optional.of(second), namedByExactly(five));

        // a bulk turn-off of part of them moves those to a record of their own
        service.bulkDisable(List.of("a.example", "b.example"));
        assertFalse(digested(second), "part of it moved away");
        assertFalse(digested(raw().get("@a.example")), "the record they moved to was not said either");
        assertTrue(namedByExactly(List.of("c.example", "d.example", "e.example")).isEmpty());
        assertTrue(namedByExactly(List.of("a.example", "b.example")).isEmpty());
        service.bulkUpdate(five, relay("three.example", "u", "pw3"), Confirm.NONE);
        assertEquals(Set.of("a.example", "b.example", "c.example", "d.example", "e.example"), repaired().keySet());

        // a bulk turn-off of all of them keeps the record and its domains: it still knows
        String third = raw().get("@a.example");
        service.bulkDisable(five);
        assertEquals(third, raw().get("@e.example"));
        assertEquals(java.util.Optional.of(third), namedByExactly(five));

        // a domain deleted: counted down
        service.bulkUpdate(five, relay("four.example", "u", "pw4"), Confirm.NONE);
        SmarthostRuntime.install(host, service);
        new SmarthostDomainListener(host).domainDeleted(host.domains().remove("e.example"));
        assertTrue(namedByExactly(List.of("a.example", "b.example", "c.example", "d.example")).isEmpty());
        assertFalse(digested(raw().get("@a.example")));
    }

    /** Whether the store holds a digest of who names {@code record}. */
    private boolean digested(String record) {
        return raw().containsKey(SharedRelays.MEMBERS_PREFIX + record.substring(1));
    }

    /**
     * A rename keeps the count but not who: the record forgets. Kept, a bulk change over the old names (one of them
     * a new domain given the old name) would rewrite the record, leaving that domain without relay and giving the
     * renamed one the new settings.
     */
    @Test
    void aRenameForgetsWhoNamesTheRecord() {
        service.bulkUpdate(ALL, relay("one.example", "u", "pw1"), Confirm.NONE);
        rename("a.example", "z.example");
        host.domains().add("a.example", "alice"); // a new domain with the old name, no relay

        List<String> oldNames = List.of("b.example", "c.example", "a.example"); // a's row is read last, if at all
        assertTrue(namedByExactly(oldNames).isEmpty());
        service.bulkUpdate(oldNames, relay("two.example", "u", "pw2"), Confirm.NONE);
        assertEquals(Map.of("a.example", "two.example u:pw2", "b.example", "two.example u:pw2",
                "c.example", "two.example u:pw2", "z.example", "one.example u:pw1"), repaired());
    }

    /** A walk that finds a count wrong also drops what the record said of its domains; a record gone takes it along. */
    @Test
    void aWalkThatCorrectsACountForgetsWhoAndARecordGoneTakesItsDigest() {
        service.bulkUpdate(ALL, relay("one.example", "u", "pw1"), Confirm.NONE);
        String record = raw().get("@a.example");
        String members = "^" + record.substring(1);
        assertTrue(raw().containsKey(members));
        view().inTransaction(tx -> {
            tx.put("#" + record.substring(1), "9");
            return null;
        });
        service.repair();
        assertEquals("3", raw().get("#" + record.substring(1)));
        assertFalse(raw().containsKey(members), "the count was wrong: who names it is not known either");

        service.bulkUpdate(ALL, relay("two.example", "u", "pw2"), Confirm.NONE);
        String second = raw().get("@a.example");
        for (String n : ALL) {
            service.updateDomain(n, relay("own.example", "own", "own-pw"));
        }
        assertEquals(Set.of(), keysStartingWith("^"), "the record went with its last row, and its digest");
        assertEquals(Set.of(), keysStartingWith("="), second);
    }

    @Test
    void aRecordAndItsPasswordGoWithItsLastRowWithoutAWalk() {
        service.bulkUpdate(ALL, relay("one.example", "u", "pw1!"), Confirm.NONE);
        String first = raw().get("@a.example");
        service.bulkUpdate(List.of("a.example", "b.example"), relay("two.example", "u", "pw2!"), Confirm.NONE);
        int applies = backend.applies().size();
        service.updateDomain("c.example", relay("own.example", "u", "own")); // the last row of the first record
        assertEquals(applies + 1, backend.applies().size());
        assertFalse(backend.applies().get(applies).changes().full(), "one domain: no walk");
        assertFalse(raw().containsKey(first), "its record went with its last row");
        assertFalse(raw().containsKey("~" + first.substring(1)), "and the password no domain uses");
        assertFalse(raw().containsKey("#" + first.substring(1)));

        String second = raw().get("@a.example");
        service.updateDomain("a.example", relay("own.example", "u", "own"));
        SmarthostRuntime.install(host, service);
        new SmarthostDomainListener(host).domainDeleted(host.domains().remove("b.example"));
        assertEquals(Set.of(), keysStartingWith("="), "the second went when its last domain was deleted");
        assertEquals(Set.of(), keysStartingWith("~"));
        assertEquals(Set.of(), keysStartingWith("#"));
        // the passwords end with "!", which no sealed (base64) value holds: "pw" alone turned up in ciphertext by chance
        assertFalse(raw().values().stream().anyMatch(v -> v.contains("pw1!") || v.contains("pw2!")), "sealed");
        assertEquals("=", second.substring(0, 1));
    }

    @Test
    void aWalkDeletesRecordsNoRowNamesAndCorrectsCounts() {
        service.bulkUpdate(ALL, relay("one.example", "u", "pw1"), Confirm.NONE);
        String record = raw().get("@a.example");
        // an orphan as an interrupted writer or an older release could leave, and a count gone wrong
        view().inTransaction(tx -> {
            tx.put("=orphan", raw().get(record));
            tx.put("#orphan", "7");
            tx.put("#" + record.substring(1), "9");
            return null;
        });
        service.bulkUpdate(List.of("a.example", "b.example"), relay("two.example", "u", "pw2"), Confirm.NONE);
        assertTrue(raw().containsKey("=orphan"), "three domains: an incremental apply, no walk");
        service.repair();
        assertFalse(raw().containsKey("=orphan"));
        assertFalse(raw().containsKey("#orphan"));
        assertEquals("1", raw().get("#" + record.substring(1)), "counted again by the walk");
    }

    @Test
    void aBulkDisableTurnsAWholeRecordOffInPlaceAndMovesPartOfOneTogether() {
        service.bulkUpdate(ALL, relay("one.example", "u", "pw1"), Confirm.NONE);
        String record = raw().get("@a.example");
        service.bulkDisable(List.of("a.example", "b.example"));
        String off = raw().get("@a.example");
        assertEquals(off, raw().get("@b.example"), "the two move together, to one record");
        assertTrue(SharedRelays.isShared(off));
        assertEquals(record, raw().get("@c.example"));
        assertEquals(Set.of("c.example"), backend.domains().keySet());
        assertEquals(Set.of(), keysStartingWith("*"), "no password copied per domain");

        Map<String, String> rows = rows();
        service.bulkDisable(List.of("c.example", "b.example", "a.example"));
        assertEquals(Set.of(), backend.domains().keySet());
        service.bulkUpdate(List.of("a.example", "b.example"), RelayInput.builder().host("[one.example]:587")
                .login("u", "").build(), Confirm.NONE); // on again, the password kept
        assertEquals(Map.of("a.example", "one.example u:pw1", "b.example", "one.example u:pw1"), repaired());
        assertEquals(rows.get("@c.example"), raw().get("@c.example"), "c's record was turned off in place");
    }

    /** A bulk change the mail server refuses (its apply fails at {@code postmap}): the caller hears of it. */
    private void refusedBulk(List<String> domains, RelayInput input) {
        backend.failAt("postmap");
        try {
            assertThrows(RelayApplyException.class, () -> service.bulkUpdate(domains, input, Confirm.NONE));
        } finally {
            backend.failAt(null);
        }
    }

    /**
     * The store holds the keys it held in {@code before}, apart from the apply journal's, and every value but
     * the secrets as it was (a secret put back is sealed again: same secret, other bytes; the maps show it).
     */
    private void assertStoreAsBefore(Map<String, String> before, String what) {
        Map<String, String> after = raw();
        Map<String, String> was = new TreeMap<>(before);
        after.keySet().removeIf(k -> k.startsWith("state."));
        was.keySet().removeIf(k -> k.startsWith("state."));
        assertEquals(was.keySet(), after.keySet(), what);
        was.forEach((k, v) -> {
            if (!StoreKeys.isSecret(k)) {
                assertEquals(v, after.get(k), k);
            }
        });
    }

    /** The store as the plugin reads it. */
    private io.smarthost.panel.api.services.SettingsStore view() {
        return MemberRows.of(host.store());
    }

    /** The domain rows as the plugin reads them (the members of a set as rows: {@link MemberRows}). */
    private Map<String, String> rows() {
        Map<String, String> rows = new TreeMap<>();
        MemberRows.of(host.store()).forEach("@", rows::put);
        return rows;
    }

    @Test
    void renameAndDeleteFollowTheRowAndTheRecordStays() {
        service.bulkUpdate(ALL, relay("bulk.example", "bulk", "bulk-pw"), Confirm.NONE);
        Domain renamed = host.domains().rename("a.example", "z.example");
        SmarthostRuntime.install(host, service);
        SmarthostDomainListener listener = new SmarthostDomainListener(host);
        listener.domainRenamed(new Domain(renamed.id(), "a.example", "alice", renamed.aliases()), renamed);
        assertEquals("bulk:bulk-pw", credentials(backend.domains().get("z.example")));
        assertTrue(service.domain("z.example").secretSet());

        listener.domainDeleted(host.domains().remove("b.example"));
        assertFalse(raw().containsKey("@b.example"));
        assertEquals(Map.of("c.example", "bulk.example bulk:bulk-pw", "z.example", "bulk.example bulk:bulk-pw"),
                repaired());
        assertEquals(1, keysStartingWith("=").size());
    }

    /**
     * A rename told twice (the panel tells a plugin again a change a crash interrupted before it noted it as heard)
     * is applied once: applied again, it deleted the new name's rows first, the relay and password it had moved.
     */
    @Test
    void aRenameToldTwiceKeepsWhatItMoved() {
        service.updateDomain("a.example", relay("own.example", "own", "own-pw"));
        Domain renamed = host.domains().rename("a.example", "z.example");
        SmarthostRuntime.install(host, service);
        SmarthostDomainListener listener = new SmarthostDomainListener(host);
        Domain before = new Domain(renamed.id(), "a.example", "alice", renamed.aliases());
        listener.domainRenamed(before, renamed);
        listener.domainRenamed(before, renamed);
        assertEquals(Map.of("z.example", "own.example own:own-pw"), repaired());

        // renamed back and forth: each applied
        Domain back = host.domains().rename("z.example", "a.example");
        listener.domainRenamed(renamed, back);
        Domain again = host.domains().rename("a.example", "z.example");
        listener.domainRenamed(back, again);
        assertEquals(Map.of("z.example", "own.example own:own-pw"), repaired());

        // a rename with nothing to move is noted too (a hostile test): z (its relay removed) goes back to a, gets a
        // relay, and is renamed to z again; that rename was taken for the first one told again, and skipped
        service.removeDomain("z.example");
        Domain third = host.domains().rename("z.example", "a.example");
        listener.domainRenamed(again, third);
        service.updateDomain("a.example", relay("second.example", "second", "second-pw"));
        Domain fourth = host.domains().rename("a.example", "z.example");
        listener.domainRenamed(third, fourth);
        assertEquals(Map.of("z.example", "second.example second:second-pw"), repaired());
        assertFalse(raw().containsKey("@a.example"), "nothing left under the old name");

        // deleted: its note goes with it
        listener.domainDeleted(host.domains().remove("z.example"));
        assertFalse(raw().containsKey(StoreKeys.RENAMED_PREFIX + fourth.id()));
    }

    /** A domain deleted while the plugin was off leaves its row; a rename onto its name replaces it. */
    @Test
    void aRenameOntoALeftoverRowKeepsTheCountExact() {
        host.domains().add("z.example", "alice");
        List<String> four = List.of("a.example", "b.example", "c.example", "z.example");
        service.bulkUpdate(four, relay("bulk.example", "bulk", "bulk-pw"), Confirm.NONE);
        String record = raw().get("@a.example");
        assertEquals("4", raw().get("#" + record.substring(1)));
        host.domains().remove("z.example"); // the plugin was off: no event, the row stays

        Domain renamed = host.domains().rename("a.example", "z.example");
        SmarthostRuntime.install(host, service);
        new SmarthostDomainListener(host).domainRenamed(new Domain(renamed.id(), "a.example", "alice", renamed.aliases()),
                renamed);
        assertEquals(record, raw().get("@z.example"));
        assertEquals("3", raw().get("#" + record.substring(1)), "b, c and the renamed z name it");
        assertEquals(Map.of("b.example", "bulk.example bulk:bulk-pw", "c.example", "bulk.example bulk:bulk-pw",
                "z.example", "bulk.example bulk:bulk-pw"), repaired());
        assertEquals("3", raw().get("#" + record.substring(1)), "the walk counted the same");
    }

    /**
     * A rename of a domain that has no relay onto the name of a domain deleted while the plugin was off: its row
     * (naming a record) goes, and the record is counted down. It used to stay: the renamed domain got the deleted
     * one's relay and password, and the record's count was one too low (a later bulk over the record's other
     * domains rewrote it in place, giving the renamed domain their new password).
     */
    @Test
    void aRenameOfADomainWithoutRelayOntoALeftoverRowDropsThatRow() {
        host.domains().add("z.example", "alice");
        host.domains().add("y.example", "alice");
        List<String> four = List.of("a.example", "b.example", "c.example", "z.example");
        service.bulkUpdate(four, relay("bulk.example", "bulk", "bulk-pw"), Confirm.NONE);
        String record = raw().get("@a.example");
        host.domains().remove("z.example"); // the plugin was off: no event, the row stays

        rename("y.example", "z.example");
        assertFalse(raw().containsKey("@z.example"), "the deleted domain's row went");
        assertEquals("3", raw().get("#" + record.substring(1)), "a, b and c name it");
        assertEquals(Map.of("a.example", "bulk.example bulk:bulk-pw", "b.example", "bulk.example bulk:bulk-pw",
                "c.example", "bulk.example bulk:bulk-pw"), repaired());

        service.bulkUpdate(ALL, relay("new.example", "new", "new-pw"), Confirm.NONE);
        assertEquals(Map.of("a.example", "new.example new:new-pw", "b.example", "new.example new:new-pw",
                "c.example", "new.example new:new-pw"), repaired(), "the renamed domain has no relay still");
    }

    /** The leftover's own password goes too, also when the renamed domain's relay has no login to move. */
    @Test
    void aRenameOntoALeftoverRowWithItsOwnPasswordLeavesNoneOfIt() {
        host.domains().add("z.example", "alice");
        service.updateDomain("z.example", relay("own.example", "own", "own-pw"));
        host.domains().remove("z.example");
        service.updateDomain("a.example", RelayInput.builder().host("[plain.example]:25").build());
        assertTrue(raw().containsKey("*z.example"));

        rename("a.example", "z.example");
        assertFalse(raw().containsKey("*z.example"), "the deleted domain's password went");
        assertFalse(raw().containsKey("@a.example"));
        assertEquals("plain.example -", repaired().get("z.example"));
    }

    @Test
    void turningOneDomainOffWithAChangeKeepingThePasswordLeavesTheOthersOn() {
        service.bulkUpdate(List.of("a.example", "b.example"), relay("bulk.example", "bulk", "bulk-pw"), Confirm.NONE);
        service.updateDomain("b.example", RelayInput.builder().enabled(false).host("[bulk.example]:587").login("bulk", null)
                .verifyCertificate(false).build());
        assertTrue(service.domain("a.example").settings().orElseThrow().enabled(), raw().toString());
        assertFalse(service.domain("b.example").settings().orElseThrow().enabled());
        assertEquals(Map.of("a.example", "bulk.example bulk:bulk-pw"), repaired());
    }

    /** {@code tx}, noting the key of every row it reads. */
    private static io.smarthost.panel.api.services.SettingsStore.Transaction reading(
            io.smarthost.panel.api.services.SettingsStore.Transaction tx, List<String> read) {
        return (io.smarthost.panel.api.services.SettingsStore.Transaction) java.lang.reflect.Proxy.newProxyInstance(
                SharedRelaysTest.class.getClassLoader(),
                new Class<?>[] {io.smarthost.panel.api.services.SettingsStore.Transaction.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "get" -> read.add((String) args[0]);
                        case "getAll" -> read.addAll((java.util.Collection<String>) args[0]);
                        case "forEach", "list", "first" -> read.add(args[0] + "*");
                        default -> { }
                    }
                    try {
                        return m.invoke(tx, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void rename(String from, String to) {
        Domain renamed = host.domains().rename(from, to);
        SmarthostRuntime.install(host, service);
        new SmarthostDomainListener(host).domainRenamed(new Domain(renamed.id(), from, "alice", renamed.aliases()), renamed);
    }

    @Test
    void aBulkChangeTheMailServerRefusesLeavesTheRowsRecordsAndSecretsAsTheyWere() {
        service.updateDomain("a.example", relay("own.example", "own", "own-pw"));
        service.bulkUpdate(List.of("b.example", "c.example"), relay("bulk.example", "bulk", "bulk-pw"), Confirm.NONE);
        Map<String, String> before = raw();

        refusedBulk(ALL, relay("new.example", "new", "new-pw"));

        assertStoreAsBefore(before, "the new record and its secret went, the own secret came back");
        assertEquals(Map.of("a.example", "own.example own:own-pw", "b.example", "bulk.example bulk:bulk-pw",
                "c.example", "bulk.example bulk:bulk-pw"), repaired());
    }

    @Test
    void aRefusedBulkChangeOverAnEarlierOneLeavesItsRecordAsItWas() {
        service.bulkUpdate(ALL, relay("one.example", "u", "pw1"), Confirm.NONE);
        Map<String, String> before = raw();
        refusedBulk(ALL, relay("two.example", "u", "pw2"));
        assertStoreAsBefore(before, "the record's text, secret and count as they were");
        assertEquals(Map.of("a.example", "one.example u:pw1", "b.example", "one.example u:pw1",
                "c.example", "one.example u:pw1"), repaired());
    }

    /** Past 1,000 domains and a quarter of the rows, the previous rows are read in one pass; past 2,000 keys the undo spills. */
    @Test
    void manyDomainsReadInOnePassUndoneFromTheSpillAndCountedExactly() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String name = "d" + i + ".example";
            host.domains().add(name, "alice");
            many.add(name);
        }
        for (String own : many.subList(0, 20)) {
            service.updateDomain(own, relay("own.example", "own", "own-pw"));
        }
        service.bulkUpdate(many, relay("one.example", "u", "pw1"), Confirm.NONE);
        String first = raw().get("@d0.example");
        assertEquals("2500", raw().get("#" + first.substring(1)));
        assertEquals(Set.of(), keysStartingWith("*"), "the 20 own secrets went");

        Map<String, String> before = rows();
        // 2,200 rows written (the record has 2,500): past 2,000 keys the undo log spills to its file
        refusedBulk(many.subList(0, 2200), relay("two.example", "u", "pw2"));
        assertEquals(before, rows());
        assertEquals(Set.of(first), keysStartingWith("="));
        assertEquals("2500", raw().get("#" + first.substring(1)));
        assertEquals("one.example u:pw1", repaired().get("d2499.example"));

        service.bulkUpdate(many.subList(0, 2000), relay("three.example", "u", "pw3"), Confirm.NONE);
        Map<String, String> seen = repaired();
        assertEquals("three.example u:pw3", seen.get("d1999.example"));
        assertEquals("one.example u:pw1", seen.get("d2000.example"));
        assertEquals("500", raw().get("#" + first.substring(1)));
        assertEquals("2000", raw().get("#" + raw().get("@d0.example").substring(1)));
    }

    @Test
    void aRowNamingARecordThatIsGoneHasNoSettings() {
        service.bulkUpdate(ALL, relay("bulk.example", "bulk", "bulk-pw"), Confirm.NONE);
        String record = raw().get("@a.example");
        view().inTransaction(tx -> tx.delete(record));
        assertTrue(service.domain("a.example").settings().isEmpty());
        assertEquals(Map.of(), repaired());
        service.updateDomain("a.example", relay("again.example", "u", "pw"));
        assertEquals("u:pw", credentials(backend.domains().get("a.example")));
    }

    private static String credentials(Relay r) {
        return r.credentials().map(c -> c.username() + ":" + c.secret().reveal()).orElse("-");
    }
}
