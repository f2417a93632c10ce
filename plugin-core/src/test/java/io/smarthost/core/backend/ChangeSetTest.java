package io.smarthost.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeSetTest {

    @Test
    void aSetGivenAsItIsIsCopiedSoThatTheCallersLaterChangesDoNotReachIt() {
        Set<String> built = new HashSet<>(Set.of("a.example", "b.example"));
        ChangeSet changes = ChangeSet.domains(built);
        built.add("c.example");
        assertEquals(Set.of("a.example", "b.example"), changes.senderDomains());
        assertThrows(UnsupportedOperationException.class, () -> changes.senderDomains().add("d.example"));
    }

    @Test
    void aSetHandedOverIsTakenAsItIsReadThroughAndCannotBeChangedThroughTheChangeSet() {
        Set<String> built = new HashSet<>(Set.of("a.example", "b.example"));
        ChangeSet changes = new ChangeSet(false, true, ChangeSet.handedOver(built));
        Set<String> senders = changes.senderDomains();
        assertNotSame(built, senders);
        assertEquals(2, senders.size());
        assertTrue(senders.contains("a.example"));
        assertFalse(senders.contains("c.example"));
        assertEquals(Set.of("a.example", "b.example"), senders);
        assertEquals(Set.of("a.example", "b.example").hashCode(), senders.hashCode());
        assertEquals(new ChangeSet(false, true, Set.of("b.example", "a.example")), changes);
        assertThrows(UnsupportedOperationException.class, () -> senders.add("c.example"));
        assertThrows(UnsupportedOperationException.class, () -> senders.remove("a.example"));
        assertThrows(UnsupportedOperationException.class, senders::clear);
        assertThrows(UnsupportedOperationException.class, () -> senders.removeIf(s -> true));
        Iterator<String> it = senders.iterator();
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
        assertEquals(2, built.size(), "nothing went through to the set handed over");
    }

    @Test
    void aSetHoldingNullIsRefusedAsACopiedOneIs() {
        Set<String> withNull = new HashSet<>(java.util.Arrays.asList("a.example", null));
        assertThrows(NullPointerException.class, () -> ChangeSet.domains(withNull));
        assertThrows(NullPointerException.class, () -> ChangeSet.handedOver(withNull));
        assertThrows(NullPointerException.class, () -> ChangeSet.handedOver(null));
        assertEquals(Set.of("a.example"), ChangeSet.handedOver(Set.of("a.example")), "a set that refuses null is taken");
    }

    @Test
    void aChangeSetMadeFromAnotherOnesSetKeepsItsView() {
        ChangeSet first = ChangeSet.domains(ChangeSet.handedOver(new HashSet<>(Set.of("a.example"))));
        ChangeSet second = new ChangeSet(true, false, first.senderDomains());
        assertEquals(Set.of("a.example"), second.senderDomains());
        assertThrows(UnsupportedOperationException.class, () -> second.senderDomains().add("b.example"));
    }
}
