package io.smarthost.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Postfix's split_addr and strip_addr (global/split_addr.c, 3.7): what an address looks like without its extension. */
class AddressExtensionsTest {

    @Test
    void theExtensionStartsAtTheFirstDelimiterOfTheLocalPart() {
        AddressExtensions plus = AddressExtensions.of("+");
        assertEquals(Optional.of("alice@example.com"), plus.base("alice+tag@example.com"));
        assertEquals(Optional.of("alice@example.com"), plus.base("alice+a+b@example.com"));
        assertEquals(Optional.of("alice@example.com"), plus.base("alice+@example.com"), "an empty extension");
        assertEquals(Optional.empty(), plus.base("alice@example.com"));
        assertEquals(Optional.empty(), plus.base("alice-tag@example.com"), "- is no delimiter here");
        assertEquals(Optional.empty(), plus.base("+tag@example.com"), "the local part would be empty");
        AddressExtensions two = AddressExtensions.of("+-");
        assertEquals(Optional.of("alice@example.com"), two.base("alice-tag@example.com"));
        assertEquals(Optional.of("a@example.com"), two.base("a-b+c@example.com"), "whichever comes first");
    }

    @Test
    void postfixsDefaultStripsNothing() {
        assertEquals(Optional.empty(), AddressExtensions.NONE.base("alice+tag@example.com"));
    }

    @Test
    void reservedAddressesAreNeverSplit() {
        AddressExtensions two = AddressExtensions.of("+-");
        assertEquals(Optional.empty(), two.base("postmaster@example.com"));
        assertEquals(Optional.empty(), two.base("MAILER-DAEMON@example.com"));
        assertEquals(Optional.empty(), two.base("double-bounce@example.com"));
        assertEquals(Optional.empty(), two.base("owner-list@example.com"), "owner_request_special = yes");
        assertEquals(Optional.empty(), two.base("list-request@example.com"));
        assertEquals(Optional.of("owner@example.com"), AddressExtensions.of("+").base("owner+x@example.com"));
        assertEquals(Optional.of("owner@example.com"),
                new AddressExtensions("+-", false, "double-bounce").base("owner-list@example.com"));
    }
}
