package io.smarthost.panel.host.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Name contains" filters answered from the names in memory say what the table says, after any change by anyone. */
class DomainNameIndexTest {

    @TempDir
    Path home;

    @Test
    void aFilterFindsWhatTheTableHoldsAfterEveryKindOfChange() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            DomainManager manager = panel.panel().domainManager();
            // another reader of the same database, as a second process would be (its own names in memory)
            DomainStore other = new DomainStore(panel.panel().jdbc());
            DomainStore own = panel.panel().domains();
            manager.create("shop-one.example", "admin");
            manager.create("blog.example", "admin");
            assertEquals(List.of("shop-one.example"), names(own, "shop"));
            assertEquals(List.of("shop-one.example"), names(other, "shop"));
            assertEquals(2, other.count(), "the count, from the names in memory");

            manager.create("shop-two.example", "admin");
            assertEquals(List.of("shop-one.example", "shop-two.example"), names(other, "shop"), "a creation is seen");
            assertEquals(3, other.count(), "a creation is counted");
            manager.rename("shop-one.example", "store-one.example");
            assertEquals(List.of("shop-two.example"), names(other, "shop"), "a rename is seen");
            assertEquals(List.of("store-one.example"), names(other, "store"));
            manager.delete("shop-two.example");
            assertEquals(List.of(), names(other, "shop"), "a deletion is seen");
            assertEquals(2, other.count(), "a deletion is counted");
            List<DomainManager.NewDomain> many = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                many.add(new DomainManager.NewDomain(i + 1, "shop" + i + ".example", "admin"));
            }
            manager.createAll(many, n -> { });
            assertEquals(30, other.list("shop", 0, 5).total(), "a many-domain creation is seen");
            assertEquals(32, other.count(), "a many-domain creation is counted");
            assertEquals(32, panel.panel().jdbc().count("select count(*) from domains"), "as the table counts");
            assertEquals(List.of("shop0.example", "shop1.example", "shop10.example", "shop11.example", "shop12.example"),
                    other.list("shop", 0, 5).items().stream().map(Domain::name).toList(), "in name order");
            assertEquals(List.of("shop13.example", "shop14.example"),
                    other.list("shop", 5, 2).items().stream().map(Domain::name).toList(), "paged");
            assertEquals(10, other.list("shop", 0, 5, 10).total(), "counted up to the limit asked for");
            assertEquals(List.of("shop13.example", "shop14.example"),
                    other.list("shop", 5, 2, 0).items().stream().map(Domain::name).toList(),
                    "a count limit below the page's end still gives the page");
        }
    }

    @Test
    void matchesAreWithinOneNameAndCaseInsensitive() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            DomainManager manager = panel.panel().domainManager();
            manager.create("ab.example", "admin");
            manager.create("cd.example", "admin");
            DomainStore store = panel.panel().domains();
            assertEquals(List.of(), names(store, "example\ncd"), "never across two names");
            assertEquals(List.of(), names(store, "examplecd"));
            assertEquals(List.of("ab.example", "cd.example"), names(store, ".EXAMPLE"), "case-insensitive, at a name's end");
            assertEquals(List.of("cd.example"), names(store, "cd.e"), "at a name's start");
            List<String> streamed = new ArrayList<>();
            store.names("example", n -> streamed.add(n) && streamed.size() < 1);
            assertEquals(List.of("ab.example"), streamed, "the stream stops when told");
            assertEquals(2, store.list("", 0, 10).total(), "no filter: every domain");
        }
    }

    /**
     * A filter with letters beyond ASCII looks in the names as the pages show them: "büch" finds bücher.example,
     * whose ASCII form (xn--bcher-kva.example) holds no "büch" and not even the punycode of "büch".
     */
    @Test
    void aUnicodeFilterFindsNamesByTheirUnicodeForm() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            DomainManager manager = panel.panel().domainManager();
            String buecher = java.net.IDN.toASCII("bücher.example");
            String buecherei = java.net.IDN.toASCII("bücherei.example");
            String muenchen = java.net.IDN.toASCII("münchen-bücher.example");
            for (String name : List.of("aa.example", buecher, "bucher.example", buecherei, muenchen, "zz.example")) {
                manager.create(name, "admin");
            }
            DomainStore store = panel.panel().domains();
            List<String> sorted = new ArrayList<>(List.of(buecher, buecherei, muenchen));
            java.util.Collections.sort(sorted);
            assertEquals(sorted, names(store, "büch"), "every name whose Unicode form holds it, in name order");
            assertEquals(sorted, names(store, "BÜCH"), "case-insensitive");
            assertEquals(sorted, names(store, "bu\u0308ch"), "a decomposed ü is the same letter");
            assertEquals(List.of(buecherei), names(store, "bücherei"));
            assertEquals(List.of(muenchen), names(store, "ünchen-b"));
            assertEquals(List.of(buecher, muenchen).stream().sorted().toList(), names(store, "bücher.example"),
                    "a whole name, and the end of another");
            assertEquals(List.of(), names(store, "example\nbü"), "never across two names");
            assertEquals(List.of(), names(store, "aa.exampleü"), "nor an ASCII name with a letter beyond ASCII");
            assertEquals(List.of(), names(store, "bücher.exampl\u00e9"), "nothing");
            assertEquals(List.of("bucher.example"), names(store, "bucher"), "an ASCII filter as before");
            assertEquals(3, store.list("büch", 0, 1).total(), "counted");
            assertEquals(List.of(sorted.get(1)), store.list("büch", 1, 1).items().stream().map(Domain::name).toList(),
                    "paged");
            manager.delete(buecherei);
            assertEquals(2, names(store, "büch").size(), "a change is seen");
        }
    }

    /** A domain named in Unicode, any case, with a trailing dot, as --create and --info take it (a hostile tester). */
    @Test
    void aDomainIsNamedInUnicodeForEveryChange() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            DomainManager manager = panel.panel().domainManager();
            String buecher = java.net.IDN.toASCII("bücher.example");
            manager.create("bücher.example", "admin");
            manager.addAlias("BÜCHER.example.", "bücher-alias.example");
            assertEquals(List.of(java.net.IDN.toASCII("bücher-alias.example")),
                    panel.panel().domains().find(buecher).orElseThrow().aliases());
            manager.removeAlias("Bücher.Example", "bücher-alias.example");
            manager.rename("bücher.example", "büchlein.example");
            String buechlein = java.net.IDN.toASCII("büchlein.example");
            assertEquals(List.of(buechlein), names(panel.panel().domains(), "xn--"));
            manager.delete("BÜCHLEIN.EXAMPLE.");
            assertEquals(List.of(), names(panel.panel().domains(), "xn--"));
            assertEquals("domain: no domain named 'bücher.example'", org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> manager.delete("bücher.example")).getMessage());
        }
    }

    @Test
    void aUnicodeFilterWithoutAnyUnicodeNameFindsNothing() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            panel.panel().domainManager().create("bucher.example", "admin");
            assertEquals(List.of(), names(panel.panel().domains(), "büch"));
        }
    }

    private static List<String> names(DomainStore store, String filter) {
        return store.list(filter, 0, 100).items().stream().map(Domain::name).toList();
    }
}
