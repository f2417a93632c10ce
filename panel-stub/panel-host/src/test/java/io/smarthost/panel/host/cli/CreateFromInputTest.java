package io.smarthost.panel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.DomainLifecycleListener;
import io.smarthost.panel.api.PanelUser;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.domains.DomainManager;
import io.smarthost.panel.host.plugins.Contribution;
import io.smarthost.panel.host.services.DbActionLog;
import io.smarthost.panel.host.testing.TestPanel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code panel bin domain --create-from FILE} makes of its input (a hostile tester): a byte order mark is not
 * part of the first line, a line is read up to {@value DomainUtility#MAX_LINE} characters and no further (a 60 MB line
 * ran the panel out of memory), a line that is not UTF-8 is named by its number, a missing file is said to be missing;
 * and a run that fails part-way says how many domains it created and how to create the rest.
 */
class CreateFromInputTest {

    @TempDir
    Path home;

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstLine() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            Path file = home.resolve("bom.txt");
            Files.write(file, bytes("\uFEFF# written by an editor that marks UTF-8\nbom1.example admin\n"));
            TestPanel.CliRun run = panel.cli("domain", "--create-from", file.toString());
            assertEquals(0, run.exitCode(), run.err());
            Files.write(file, bytes("\uFEFFbom2.example admin\r\nbom3.example admin\r\n"));
            assertEquals(0, panel.cli("domain", "--create-from", file.toString()).exitCode());
            TestPanel.CliRun stdin = panel.cliWithStdin("\uFEFFbom4.example admin\n", "domain", "--create-from", "-");
            assertEquals(0, stdin.exitCode(), stdin.err());
            for (String name : List.of("bom1.example", "bom2.example", "bom3.example", "bom4.example")) {
                assertTrue(panel.panel().domains().find(name).isPresent(), name);
            }
        }
    }

    /** The limit holds without reading the line whole: 60 MB within a heap that could not hold it as text twice. */
    @Test
    void aLineLongerThanTheLimitIsRefusedByItsNumberWithoutBeingReadWhole() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            Path file = home.resolve("huge.txt");
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(bytes("ok1.example admin\n"));
                byte[] block = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 60; i++) {
                    out.write(block);
                }
                out.write(bytes(".example admin\n" + "a".repeat(DomainUtility.MAX_LINE - 6) + " admin\n" + "ok2.example admin\n"));
            }
            TestPanel.CliRun run = panel.cli("domain", "--create-from", file.toString());
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains(file + ":2: the line is longer than 1,000 characters (far more than a domain name and its"
                    + " owner need); it was not read"), run.err());
            assertTrue(run.err().contains(file + ":3: name: 'aaaa"), "a line of 1,000 characters is read: " + run.err());
            assertTrue(run.err().contains("Nothing was created: 2 line(s) to correct."), run.err());
            assertTrue(run.err().length() < 2000, "no line is repeated whole: " + run.err().length());
            assertTrue(panel.panel().domains().find("ok1.example").isEmpty());
        }
    }

    @Test
    void aLineThatIsNotUtf8IsNamedByItsNumber() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            Path file = home.resolve("latin1.txt");
            Files.write(file, "ok.example admin\nstra\u00dfe.example admin\nok2.example admin\n".getBytes(StandardCharsets.ISO_8859_1));
            TestPanel.CliRun run = panel.cli("domain", "--create-from", file.toString());
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains(file + ":2: not UTF-8 text (save the file as UTF-8)"), run.err());
            assertFalse(run.err().contains("Input length"), run.err());
            assertTrue(panel.panel().domains().find("ok.example").isEmpty(), "nothing created");
        }
    }

    @Test
    void aMissingFileOrAFolderIsSaidToBeOne() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            String missing = home.resolve("nonexist.txt").toString();
            TestPanel.CliRun run = panel.cli("domain", "--create-from", missing);
            assertEquals(2, run.exitCode());
            assertEquals("domain: --create-from: " + missing + " does not exist", run.err().strip());
            TestPanel.CliRun folder = panel.cli("domain", "--create-from", home.toString());
            assertEquals(2, folder.exitCode());
            assertEquals("domain: --create-from: " + home + " is a folder, not a file", folder.err().strip());
        }
    }

    /**
     * A failure after some transactions were committed (a domain of the file created meanwhile by another process:
     * the batch that holds it fails on the database's unique name) says how many domains were created and that
     * {@code -skip-existing} creates the rest; which it does.
     */
    @Test
    void aRunThatFailsPartWaySaysHowManyWereCreatedAndHowToResume() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            var host = panel.panel();
            DomainLifecycleListener racer = new DomainLifecycleListener() {
                @Override
                public void domainsCreated(List<Domain> domains) {
                    if (host.domains().find("late1500.example").isEmpty()) {
                        host.domainManager().create("late1500.example", "admin");
                    }
                }
            };
            List<Contribution<DomainLifecycleListener>> listeners = List.of(new Contribution<>("racer", racer, getClass().getClassLoader()));
            DomainManager racing = new DomainManager(host.jdbc(), host.domains(), host.users(), host.dns(),
                    new DbActionLog(host.jdbc(), "host"), () -> listeners);
            StringBuilder text = new StringBuilder();
            int n = DomainManager.BATCH * 2 + 5;
            for (int i = 0; i < n; i++) {
                text.append("late").append(i).append(".example admin\n");
            }
            Path file = home.resolve("domains.txt");
            Files.writeString(file, text);

            Run failed = run(new DomainUtility(host, () -> racing), "--create-from", file.toString());
            assertEquals(1, failed.code, failed.err);
            assertTrue(failed.err.contains("domain: failed after 1000 of 2005 domains were created: "), failed.err);
            assertTrue(failed.err.contains("The domains created are kept: run the same command with -skip-existing to create the rest."),
                    failed.err);

            Run resumed = run(new DomainUtility(host), "--create-from", file.toString(), "-skip-existing");
            assertEquals(0, resumed.code, resumed.err);
            assertEquals("create-from: 1004 domains created, 1001 already there skipped", resumed.out.strip());
            assertEquals(n, host.domains().list("late", 0, 1).total());
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(DomainUtility utility, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RequestContext context = new RequestContext(new PanelUser("admin", Role.ADMIN, Locale.ENGLISH), Optional.empty(),
                RequestContext.Channel.CLI);
        int code = utility.run(new CliInvocation(List.of(args), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), context));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
