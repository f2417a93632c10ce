package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Past 5,000 names the domains are resolved from the panel's names in memory: the same answers and refusals. */
class DomainNamesResolveAllTest {
    @TempDir
    Path home;
    TestHostServices host;
    List<String> names = new ArrayList<>();

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        for (int i = 0; i < 6000; i++) {
            String name = "d" + i + ".example";
            host.domains().add(name, "alice");
            names.add(name);
        }
        host.domains().add("owner.example", "alice", "alias.example", "xn--bcher-kva.example");
    }

    @Test
    void manyNamesGiveTheSameScopesAndSendersAsFew() {
        List<String> asked = new ArrayList<>(names);
        asked.add("Owner.Example.");
        asked.add("d1.example"); // twice: once in the answer
        asked.add(" D2.EXAMPLE "); // d2.example as typed: once too
        List<ResolvedScope> many = DomainNames.resolveAll(host.domains(), asked);
        assertEquals(6001, many.size());
        ResolvedScope owner = many.get(6000);
        assertEquals(DomainNames.resolveAll(host.domains(), List.of("owner.example")).get(0), owner);
        assertEquals(List.of("owner.example", "alias.example", "xn--bcher-kva.example"), owner.senders());
        assertEquals(List.of("d0.example"), many.get(0).senders());
    }

    @Test
    void anUnknownNameOrAnAliasIsRefusedAsWithFew() {
        // the names not found as they are listed are checked (not a name, an unknown name already canonical)
        for (String bad : List.of("nowhere.example", "alias.example", "bücher.example", "Nowhere.Example",
                "not a name!", "-d1.example", "d1..example", "")) {
            List<String> asked = new ArrayList<>(names);
            asked.add(bad);
            String many = assertThrows(UnknownDomainException.class, () -> DomainNames.resolveAll(host.domains(), asked))
                    .getMessage();
            String few = assertThrows(UnknownDomainException.class, () -> DomainNames.resolveAll(host.domains(), List.of(bad)))
                    .getMessage();
            assertEquals(few, many, bad);
        }
    }

    /** Which name of the list is refused, and whether it is no domain name at all: the same with many names as few. */
    @Test
    void theRefusalSaysWhichNameOfTheListAndWhetherItIsNoName() {
        record Case(String bad, boolean invalid) {
        }
        for (Case c : List.of(new Case("nowhere.example", false), new Case("alias.example", false),
                new Case("d1..example", true), new Case("not a name!", true), new Case("", true))) {
            for (int size : List.of(3, 6000)) {
                List<String> asked = new ArrayList<>(names.subList(0, size));
                asked.add(2, c.bad());
                UnknownDomainException e = assertThrows(UnknownDomainException.class,
                        () -> DomainNames.resolveAll(host.domains(), asked));
                assertEquals(2, e.index(), c + " of " + size);
                assertEquals(c.invalid(), e.invalidName(), c + " of " + size);
            }
        }
        // several unknown names: the first is named as where
        List<String> asked = new ArrayList<>(names);
        asked.add(5, "nowhere-1.example");
        asked.add(9, "nowhere-2.example");
        assertEquals(5, assertThrows(UnknownDomainException.class, () -> DomainNames.resolveAll(host.domains(), asked))
                .index());
        // the first name refused in the list's order, whatever the reason
        for (int size : List.of(3, 6000)) {
            List<String> mixed = new ArrayList<>(names.subList(0, size));
            mixed.add(1, "nowhere.example");
            mixed.add(2, "alias.example");
            mixed.add(3, "bad name!");
            assertEquals(1, assertThrows(UnknownDomainException.class, () -> DomainNames.resolveAll(host.domains(), mixed))
                    .index(), "unknown first, of " + size);
            mixed.remove(1);
            UnknownDomainException alias = assertThrows(UnknownDomainException.class,
                    () -> DomainNames.resolveAll(host.domains(), mixed));
            assertEquals(1, alias.index(), "then the alias, of " + size);
            assertTrue(alias.getMessage().contains("alias of owner.example"), alias.getMessage());
            mixed.remove(1);
            assertTrue(assertThrows(UnknownDomainException.class, () -> DomainNames.resolveAll(host.domains(), mixed))
                    .invalidName(), "then the bad name, of " + size);
        }
        // a label IDNA 2008 allows and IDNA 2003 maps away (straße): a name the panel has is taken
        host.domains().add("xn--strae-oqa.example", "alice");
        assertEquals("xn--strae-oqa.example", DomainNames.resolveAll(host.domains(), List.of("d1.example",
                "xn--strae-oqa.example")).get(1).scope().domain().orElseThrow());
        // one name alone, not from a list
        assertEquals(-1, assertThrows(UnknownDomainException.class, () -> DomainNames.require(host.domains(), "a..b"))
                .index());
    }
}
