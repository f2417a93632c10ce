package io.smarthost.ui.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a change prints of the scopes it applied: every name up to ten, then ten names and a count. */
class CliPrinterScopesTest {

    private static List<String> domains(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "d" + i + ".example").toList();
    }

    @Test
    void upToTenScopesAreAllNamed() {
        assertEquals("d1.example", CliPrinter.scopes(domains(1)));
        assertEquals(String.join(", ", domains(10)), CliPrinter.scopes(domains(10)));
    }

    @Test
    void moreAreCountedNotListed() {
        assertEquals(String.join(", ", domains(10)) + " and 1 more (11 in all)", CliPrinter.scopes(domains(11)));
        String bulk = CliPrinter.scopes(domains(100_000));
        assertEquals(String.join(", ", domains(10)) + " and 99,990 more (100,000 in all)", bulk);
    }
}
