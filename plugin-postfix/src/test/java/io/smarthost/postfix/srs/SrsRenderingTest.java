package io.smarthost.postfix.srs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.postfix.testing.PostfixInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table of senders SRS leaves alone, read by Postfix's own postmap, and the tcp_table encoding. */
class SrsRenderingTest {

    @TempDir
    Path dir;

    @Test
    void theExclusionTableMapsEachPanelSenderToItselfAndNothingElse() throws Exception {
        PostfixInstance postfix = PostfixInstance.create(dir);
        InMemoryDesiredState state = new InMemoryDesiredState();
        for (String d : List.of("a", "ab.example", "ab.net", "abc.example", "b.test", "xn--bcher-kva.example", "Upper.Example",
                "bad domain", "x.y")) {
            state.localDomain(d);
        }
        Path table = dir.resolve("srs_exclude");
        Files.write(table, SrsRendering.exclusions(state));
        String text = Files.readString(table);
        assertTrue(!text.contains("bad"), "a name that cannot be a sender domain is left out: " + text);

        String queries = String.join("\n", "u@a", "u@ab.example", "U@AB.NET", "u@abc.example", "u@b.test",
                "u@xn--bcher-kva.example", "u@upper.example", "u@x.y", "u@abXexample", "u@ab.example.evil", "u@outside.example",
                "u@sub.ab.example", "u@b.test@evil.example") + "\n";
        Process p = new ProcessBuilder("/usr/sbin/postmap", "-c", postfix.configDir().toString(), "-q", "-", "regexp:" + table)
                .redirectErrorStream(true).start();
        p.getOutputStream().write(queries.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertEquals(String.join("\n", "u@a\tu@a", "u@ab.example\tu@ab.example", "U@AB.NET\tU@AB.NET",
                "u@abc.example\tu@abc.example", "u@b.test\tu@b.test", "u@xn--bcher-kva.example\tu@xn--bcher-kva.example",
                "u@upper.example\tu@upper.example", "u@x.y\tu@x.y") + "\n", out,
                "each panel sender found as itself (any case), nothing else, no warning from Postfix; table:\n" + text);
    }

    @Test
    void anEmptyPanelGivesATableWithOnlyItsHeader() {
        String text = new String(SrsRendering.exclusions(new InMemoryDesiredState()), StandardCharsets.US_ASCII);
        assertEquals(1, text.lines().count(), text);
    }

    @Test
    void tcpTableKeysTravelPercentEncodedAndComeBack() {
        assertEquals("a%20b%25c@d.example", SrsDaemon.encode("a b%c@d.example"));
        assertEquals("a b%c@d.example", SrsDaemon.decode("a%20b%25c@d.example"));
        assertEquals("100%", SrsDaemon.decode("100%"), "a lone percent sign stays");
    }
}
