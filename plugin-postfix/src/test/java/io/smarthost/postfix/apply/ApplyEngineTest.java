package io.smarthost.postfix.apply;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.panel.testkit.RecordingRunner;
import io.smarthost.postfix.LocalCommandRunner;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.PostfixSettings;
import io.smarthost.postfix.testing.FolderSnapshot;
import io.smarthost.postfix.testing.PostfixInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apply against a real, not running, Postfix configuration folder (the panel's sandbox mode). */
class ApplyEngineTest {

    @TempDir
    Path base;
    PostfixInstance postfix;
    RecordingRunner runner;
    PostfixMailBackend backend;
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        postfix = PostfixInstance.create(base);
        dir = postfix.configDir();
        runner = new RecordingRunner(new LocalCommandRunner());
        backend = new PostfixMailBackend(PostfixSettings.of(dir, runner));
    }

    static InMemoryDesiredState state(int domains) {
        InMemoryDesiredState s = new InMemoryDesiredState()
                .server(relay("192.0.2.1", 587, Encryption.STARTTLS, "server", "server-secret-1"));
        for (int i = 0; i < domains; i++) {
            s.domain("d" + i + ".example", relay("192.0.2." + (10 + i % 3), 587, Encryption.STARTTLS, "user" + i, "pw-" + i));
        }
        return s;
    }

    String query(String map, String key) throws Exception {
        var r = new LocalCommandRunner().run(io.smarthost.panel.api.services.CommandRunner.Command.of(
                java.time.Duration.ofSeconds(10), "/usr/sbin/postmap", "-c", dir.toString(), "-q", key,
                "hash:" + dir.resolve("smarthost/" + map)));
        return r.stdout().strip();
    }

    /** Every map's .db as {@code postmap -s} prints it, sorted. */
    Map<String, String> dbDumps() throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String map : List.of("sasl_passwd", "sender_relay", "sender_transport")) {
            var r = new LocalCommandRunner().run(io.smarthost.panel.api.services.CommandRunner.Command.of(
                    java.time.Duration.ofSeconds(10), "/usr/sbin/postmap", "-c", dir.toString(), "-s",
                    "hash:" + dir.resolve("smarthost/" + map)));
            out.put(map, r.stdout().lines().sorted().toList().toString());
        }
        return out;
    }

    /**
     * Regression: the panel's first-run sandbox main.cf named no queue_directory, so the pid file in
     * /var/spool/postfix made the engine run {@code postfix -c SANDBOX reload} against the machine's master.
     */
    @Test
    void sandboxWhoseQueueDirectoryIsElsewhereIsNotReloaded() throws Exception {
        Path elsewhere = base.resolve("system-spool");
        Files.createDirectories(elsewhere.resolve("pid"));
        Path main = dir.resolve("main.cf");
        Files.writeString(main, Files.readString(main).replaceFirst("(?m)^queue_directory = .*$",
                "queue_directory = " + elsewhere));
        ApplyEngine.backdate(main);
        Process systemMaster = MasterProcessTest.fakeMaster(java.util.Optional.of(base.resolve("system-etc")));
        try {
            Files.writeString(elsewhere.resolve("pid/master.pid"), String.format("%6d\n", systemMaster.pid()));
            ApplyReport r = backend.apply(state(2), ChangeSet.everything());
            assertTrue(r.changed());
            assertTrue(runner.commands().stream().noneMatch(c -> c.argv().contains("reload")),
                    "never signal another configuration's master: " + runner.commands());
            assertTrue(r.warningTexts().stream().anyMatch(w -> w.contains("not reloaded")), r.warnings().toString());
            assertTrue(systemMaster.isAlive());
        } finally {
            systemMaster.destroy();
        }
    }

    /** Files under {@code smarthost/} (its history included) more open than 0600 (folders: 0700); the staged main.cf copies aside. */
    static List<String> tooOpen(Path maps) {
        if (!Files.exists(maps)) {
            return List.of();
        }
        try (var files = Files.walk(maps)) {
            return files.filter(f -> !f.startsWith(maps.resolve(".staging/conf")))
                    .filter(f -> {
                        try {
                            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                            return Files.isDirectory(f) ? !mode.equals("rwx------") : !mode.equals("rw-------");
                        } catch (IOException e) {
                            return false; // deleted meanwhile
                        }
                    }).map(f -> maps.relativize(f) + " " + modeOf(f)).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    static String modeOf(Path f) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
        } catch (IOException e) {
            return "gone";
        }
    }

    /**
     * Regression: FileSwap copied a legacy 0644 sasl_passwd's mode onto the new map and .db, and the
     * staging folder was 0755.
     */
    @Test
    void secretMapsBecome0600AndNothingStagedIsEverMoreOpen() throws Exception {
        InMemoryDesiredState s = state(3);
        backend.apply(s, ChangeSet.everything());
        Path maps = dir.resolve("smarthost");
        for (String f : List.of("sasl_passwd", "sasl_passwd.db", "sender_relay", "sender_relay.db")) {
            Files.setPosixFilePermissions(maps.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(maps, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> seenDuring = new java.util.concurrent.CopyOnWriteArrayList<>();
        runner.afterEach(c -> seenDuring.addAll(tooOpen(maps)));

        s.domain("d1.example", relay("198.51.100.1", 587, Encryption.STARTTLS, "changed", "changed-secret"));
        assertTrue(backend.apply(s, ChangeSet.everything()).changed());
        assertTrue(runner.commands().stream().anyMatch(c -> c.argv().get(0).endsWith("postmap")), "maps were rebuilt");
        assertEquals(List.of(), seenDuring, "open while applying");
        assertEquals(List.of(), tooOpen(maps), "after a full apply");

        Files.setPosixFilePermissions(maps.resolve("sasl_passwd"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(maps.resolve("sasl_passwd.db"), PosixFilePermissions.fromString("rw-r--r--"));
        s.domain("d2.example", relay("198.51.100.2", 587, Encryption.STARTTLS, "other", "other-secret"));
        assertTrue(backend.apply(s, ChangeSet.domains(Set.of("d2.example"))).changed());
        assertEquals(List.of(), seenDuring, "open while editing in place");
        assertEquals(List.of(), tooOpen(maps), "after an in-place edit");
        assertEquals("other:other-secret", query("sasl_passwd", "@d2.example"));
    }

    /** The password rule shared with the input validation: leading and inner spaces reach Postfix intact. */
    @Test
    void passwordsWithLeadingAndInnerSpacesSurviveTheMapButTrailingOnesAreRefused() throws Exception {
        InMemoryDesiredState s = state(1);
        s.domain("space.example", relay("198.51.100.3", 587, Encryption.STARTTLS, "u", "  lead in side"));
        backend.apply(s, ChangeSet.everything());
        assertEquals("u:  lead in side", query("sasl_passwd", "@space.example"));
        s.domain("space.example", relay("198.51.100.3", 587, Encryption.STARTTLS, "u", "trailing "));
        BackendException e = assertThrows(BackendException.class,
                () -> backend.apply(s, ChangeSet.domains(Set.of("space.example"))));
        assertTrue(e.getMessage().contains("must not end with whitespace"), e.getMessage());
        assertEquals("u:  lead in side", query("sasl_passwd", "@space.example"));
    }

    /** Regression: a folder path with a space gave main.cf a table list Postfix splits in two. */
    @Test
    void aConfigFolderWithASpaceOrCommaIsRefusedClearly() throws Exception {
        for (String name : List.of("my postfix", "a,b")) {
            Path odd = base.resolve(name);
            Files.createDirectories(odd);
            PostfixMailBackend b = new PostfixMailBackend(PostfixSettings.of(odd, runner));
            BackendException e = assertThrows(BackendException.class, () -> b.apply(state(1), ChangeSet.everything()));
            assertEquals("config directory", e.step());
            assertTrue(e.getMessage().contains("smarthost.postfix.config_directory") && e.getMessage().contains(name),
                    e.getMessage());
            assertFalse(Files.exists(odd.resolve("smarthost")), "nothing written");
        }
    }

    /** Regression (end to end): a hand-edited map without final newline, then a one-domain change. */
    @Test
    void aDomainAddedAfterAHandEditWithoutFinalNewlineIsItsOwnEntry() throws Exception {
        InMemoryDesiredState s = state(2);
        backend.apply(s, ChangeSet.everything());
        Path relayMap = dir.resolve("smarthost/sender_relay");
        String text = Files.readString(relayMap);
        Files.writeString(relayMap, text.substring(0, text.length() - 1));
        s.domain("added.example", relay("198.51.100.5", 587, Encryption.STARTTLS, null, null));
        backend.apply(s, ChangeSet.domains(Set.of("added.example")));
        assertEquals("[198.51.100.5]:587", query("sender_relay", "@added.example"));
        assertEquals("[192.0.2.11]:587", query("sender_relay", "@d1.example"));
    }

    @Test
    void applyingTheSameStateTwiceChangesNoByte() throws Exception {
        InMemoryDesiredState s = state(20);
        assertTrue(backend.apply(s, ChangeSet.everything()).changed());
        Map<String, String> first = FolderSnapshot.of(dir);
        ApplyReport again = backend.apply(s, ChangeSet.everything());
        assertFalse(again.changed(), again.steps().toString());
        assertEquals(first, FolderSnapshot.of(dir));
        assertFalse(backend.apply(s, ChangeSet.domains(Set.of("d3.example", "d7.example"))).changed());
        assertEquals(first, FolderSnapshot.of(dir));
    }

    /** A change written in place runs no Postfix command: a main.cf Postfix cannot read is said, not passed over. */
    @Test
    void aMainCfLinePostfixCannotReadIsAWarningOfTheChange() throws Exception {
        InMemoryDesiredState s = state(5);
        backend.apply(s, ChangeSet.everything());
        Path mainCf = dir.resolve("main.cf");
        Files.writeString(mainCf, Files.readString(mainCf) + "this line is garbage\n    a continuation = fine\n# a comment\n");
        int line = (int) Files.readString(mainCf).lines().count() - 2;
        s.domain("d3.example", relay("198.51.100.3", 2525, Encryption.TLS, "u3", "p3"));
        ApplyReport r = backend.apply(s, ChangeSet.domains(Set.of("d3.example")));
        assertTrue(r.changed());
        assertEquals(List.of("main.cf has lines Postfix cannot read (line " + line + ": no '=', no comment): every Postfix"
                + " command fails until they are fixed by hand (postfix check names the first); the panel's own settings"
                + " were written"), r.warnings().stream().map(w -> w.text()).toList());
        assertTrue(r.warnings().get(0).text(java.util.Locale.FRENCH).startsWith("main.cf contient des lignes que Postfix"),
                r.warnings().get(0).text(java.util.Locale.FRENCH));
    }

    @Test
    void oneDomainChangeEditsItsLinesAndTheDbInPlace() throws Exception {
        InMemoryDesiredState s = state(50);
        backend.apply(s, ChangeSet.everything());
        String before = Files.readString(dir.resolve("smarthost/sender_relay"));
        s.domain("d7.example", relay("198.51.100.7", 2525, Encryption.TLS, "new-user", "new-pw"));
        s.domain("d8.example", null);
        s.domain("new.example", relay("198.51.100.9", 587, Encryption.STARTTLS, null, null));
        runner.clear();
        ApplyReport r = backend.apply(s, ChangeSet.domains(Set.of("d7.example", "d8.example", "new.example")));

        assertTrue(r.changed());
        assertTrue(runner.commands().stream().noneMatch(c -> c.argv().contains("check")), "main.cf untouched: no validation run");
        assertTrue(runner.commands().stream().allMatch(c -> c.argv().contains("-i") || c.argv().contains("-d")),
                "only incremental postmap runs: " + runner.commands());
        assertEquals("[198.51.100.7]:2525", query("sender_relay", "@d7.example"));
        assertEquals("smarthost-tls:[198.51.100.7]:2525", query("sender_transport", "@d7.example"));
        assertEquals("new-user:new-pw", query("sasl_passwd", "@d7.example"));
        assertEquals("", query("sender_relay", "@d8.example"));
        assertEquals("", query("sasl_passwd", "@d8.example"));
        assertEquals("[198.51.100.9]:587", query("sender_relay", "@new.example"));
        assertEquals("[192.0.2.10]:587", query("sender_relay", "@d0.example"));
        String after = Files.readString(dir.resolve("smarthost/sender_relay"));
        assertEquals(before.length() + "@d7.example [198.51.100.7]:2525\n@new.example [198.51.100.9]:587\n".length(), after.length(),
                "old lines blanked in place, new ones appended");

        // a full apply (repair) writes the same content compact and sorted
        backend.apply(s, ChangeSet.everything());
        String compact = Files.readString(dir.resolve("smarthost/sender_relay"));
        assertFalse(compact.contains("#  "));
        assertTrue(compact.indexOf("@d7.example") < compact.indexOf("@new.example"));
        assertEquals("[198.51.100.7]:2525", query("sender_relay", "@d7.example"));
    }

    @Test
    void mapsAndDbsAreReadableByRootOnlyAndSecretsNeverReachAProcessArgument() throws Exception {
        InMemoryDesiredState s = state(3);
        backend.apply(s, ChangeSet.everything());
        runner.clear();
        s.domain("d1.example", relay("192.0.2.50", 587, Encryption.STARTTLS, "user1", "changed-secret-9"));
        ApplyReport inPlace = backend.apply(s, ChangeSet.domains(Set.of("d1.example")));
        assertTrue(inPlace.steps().contains("sasl_passwd: 1 entry updated (in place, Berkeley DB under postmap's lock)"),
                inPlace.steps().toString());
        assertTrue(runner.commands().stream().noneMatch(c -> stdin(c).contains("changed-secret-9")),
                "written by the panel itself: the secret reached no process at all");
        assertEquals("user1:changed-secret-9", query("sasl_passwd", "@d1.example"));

        s.domain("d1.example", relay("192.0.2.50", 587, Encryption.STARTTLS, "user1", "changed-secret-10"));
        ApplyReport byPostmap = withPostmap(() -> backend.apply(s, ChangeSet.domains(Set.of("d1.example"))));
        assertTrue(byPostmap.steps().contains("sasl_passwd: 1 entry updated (postmap -i/-d)"), byPostmap.steps().toString());
        assertTrue(runner.commands().stream().anyMatch(c -> stdin(c).contains("changed-secret-10")),
                "postmap got the new secret on its standard input");
        assertEquals("user1:changed-secret-10", query("sasl_passwd", "@d1.example"));

        for (String f : List.of("sasl_passwd", "sasl_passwd.db", "sender_relay", "sender_relay.db", "sender_transport", "sender_transport.db")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("smarthost/" + f))), f);
        }
        for (var c : runner.commands()) {
            for (String arg : c.argv()) {
                assertFalse(arg.contains("secret") || arg.contains("pw-"), "secret in argv: " + c.argv());
            }
        }
    }

    /** A login Postfix must fold and check itself (not ASCII) goes through postmap; the other maps do not. */
    @Test
    void aTableChangeTheInProcessWriterCannotMatchByteForByteIsLeftToPostmap() throws Exception {
        InMemoryDesiredState s = state(3);
        backend.apply(s, ChangeSet.everything());
        s.domain("d1.example", relay("192.0.2.50", 2525, Encryption.STARTTLS, "user1", "pässwörd"));
        ApplyReport r = backend.apply(s, ChangeSet.domains(Set.of("d1.example")));
        assertTrue(r.steps().contains("sasl_passwd: 1 entry updated (postmap -i/-d)"), r.steps().toString());
        assertTrue(r.steps().contains("sender_relay: 1 entry updated (in place, Berkeley DB under postmap's lock)"),
                r.steps().toString());
        assertEquals("user1:pässwörd", query("sasl_passwd", "@d1.example"));
        assertEquals("[192.0.2.50]:2525", query("sender_relay", "@d1.example"));
    }

    /** A table another process keeps locked past the wait: written by postmap once the lock is free. */
    @Test
    void aTableLockedLongerThanTheWaitIsWrittenByPostmapOnceFree() throws Exception {
        InMemoryDesiredState s = state(3);
        backend.apply(s, ChangeSet.everything());
        PostfixMailBackend quick = new PostfixMailBackend(new PostfixSettings(dir, runner, Path.of("/usr/sbin"),
                PostfixSettings.DEFAULT_CA_FILE, 10, java.time.Duration.ofSeconds(1), false));
        Process holder = lockHolder(dir.resolve("smarthost/sasl_passwd.db"), "1.4");
        try {
            s.domain("d1.example", relay("192.0.2.50", 587, Encryption.STARTTLS, "user1", "after-the-lock"));
            ApplyReport r = quick.apply(s, ChangeSet.domains(Set.of("d1.example")));
            String step = r.steps().stream().filter(st -> st.startsWith("sasl_passwd:")).findFirst().orElseThrow();
            assertTrue(step.startsWith("sasl_passwd: 1 entry updated (postmap -i/-d; in place failed: ")
                    && step.contains("locked by another process"), step);
            assertEquals("user1:after-the-lock", query("sasl_passwd", "@d1.example"));
            assertEquals("[192.0.2.50]:587", query("sender_relay", "@d1.example"));
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    /**
     * flock(1) holding an exclusive flock on {@code file} for {@code seconds} (as postmap takes it), returned once it
     * holds it; {@code -o}: the lock is flock's own, so killing it releases the lock.
     */
    static Process lockHolder(Path file, String seconds) throws IOException {
        Process p = new ProcessBuilder("flock", "-o", file.toString(), "sh", "-c", "echo locked; exec sleep " + seconds)
                .redirectErrorStream(true).start();
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        assertEquals("locked", first, "flock(1) took the lock");
        return p;
    }

    private static String stdin(io.smarthost.panel.api.services.CommandRunner.Command c) {
        return c.stdin() == null ? "" : new String(c.stdin(), StandardCharsets.UTF_8);
    }

    /** Runs with every table written by postmap (the admin's switch {@code smarthost.postfix.inProcessMaps=false}). */
    static <T> T withPostmap(java.util.concurrent.Callable<T> work) throws Exception {
        System.setProperty("smarthost.postfix.inProcessMaps", "false");
        try {
            return work.call();
        } finally {
            System.clearProperty("smarthost.postfix.inProcessMaps");
        }
    }

    @Test
    void aValuePostfixWouldMisreadIsRefusedBeforeAnythingIsWritten() throws Exception {
        backend.apply(state(3), ChangeSet.everything());
        Map<String, String> before = FolderSnapshot.of(dir);
        InMemoryDesiredState bad = state(3).domain("d1.example", relay("192.0.2.1", 587, Encryption.STARTTLS, "u", "pw\r\n@x.example y"));
        BackendException e = assertThrows(BackendException.class, () -> backend.apply(bad, ChangeSet.domains(Set.of("d1.example"))));
        assertEquals("validate", e.step());
        assertThrows(BackendException.class, () -> backend.apply(bad, ChangeSet.everything()));
        assertEquals(before, FolderSnapshot.of(dir));
    }

    @Test
    void postmapFailureOnFullApplyLeavesEveryFileAsItWas() throws Exception {
        backend.apply(state(10), ChangeSet.everything());
        Map<String, String> before = FolderSnapshot.of(dir);
        runner.failWhen(argv -> argv.get(0).endsWith("postmap"));
        BackendException e = assertThrows(BackendException.class, () -> backend.apply(state(12), ChangeSet.everything()));
        assertEquals("postmap", e.step());
        assertEquals(before, FolderSnapshot.of(dir));
    }

    @Test
    void postmapFailureOnAOneDomainChangeRestoresTextAndDb() throws Exception {
        InMemoryDesiredState s = state(10);
        backend.apply(s, ChangeSet.everything());
        Map<String, String> before = FolderSnapshot.of(dir);
        Map<String, String> dumpsBefore = dbDumps();
        s.domain("d2.example", relay("198.51.100.2", 465, Encryption.TLS, "x", "y"));
        // the sasl map's update fails; the other maps' updates succeed and must be undone
        runner.failWhen(argv -> argv.contains("-i") && argv.get(argv.size() - 1).endsWith("sasl_passwd"));
        BackendException e = assertThrows(BackendException.class,
                () -> withPostmap(() -> backend.apply(s, ChangeSet.domains(Set.of("d2.example")))));
        assertEquals("postmap", e.step());
        Map<String, String> after = FolderSnapshot.of(dir);
        before.keySet().removeIf(f -> f.endsWith(".db"));
        after.keySet().removeIf(f -> f.endsWith(".db"));
        assertEquals(before, after, "main.cf, master.cf and the text sources byte-identical");
        // an undone in-place update restores the .db content; Berkeley DB's page layout may differ
        assertEquals(dumpsBefore, dbDumps(), ".db content identical");
        assertEquals("[192.0.2.12]:587", query("sender_relay", "@d2.example"), "db content restored");
        assertEquals("smarthost-starttls:[192.0.2.12]:587", query("sender_transport", "@d2.example"));
        assertEquals("user2:pw-2", query("sasl_passwd", "@d2.example"));
    }

    @Test
    void postfixCheckFailureLeavesEveryFileAsItWas() throws Exception {
        Map<String, String> before = FolderSnapshot.of(dir);
        runner.failWhen(argv -> argv.contains("check"));
        BackendException e = assertThrows(BackendException.class, () -> backend.apply(state(5), ChangeSet.everything()));
        assertEquals("postfix check", e.step());
        assertEquals(before, FolderSnapshot.of(dir));
    }

    @Test
    void reloadFailureRestoresThePreviousFilesOfARunningInstance() throws Exception {
        postfix.start();
        try {
            backend.apply(state(5), ChangeSet.everything());
            Map<String, String> before = FolderSnapshot.of(dir);
            runner.failWhen(argv -> argv.contains("reload"));
            InMemoryDesiredState changed = state(5).server(relay("192.0.2.99", 465, Encryption.TLS, "s", "t"));
            BackendException e = assertThrows(BackendException.class, () -> backend.apply(changed, ChangeSet.everything()));
            assertEquals("reload", e.step());
            assertEquals(before, FolderSnapshot.of(dir));
        } finally {
            postfix.stop();
        }
    }

    /**
     * A running master. The first reload goes through {@code postfix reload}; a change of the maps alone after it
     * signals the master itself (SIGHUP), which logs its reload. {@code postfix reload} again when the signal
     * cannot be sent, and after master.cf was edited by hand (then the signal again). A main.cf broken by hand
     * between the {@code postmap} and the reload is never signalled (a master told to re-read it would exit):
     * {@code postfix reload} runs and fails, the change fails at step "reload", the master keeps running, and the
     * next change goes through {@code postfix reload} and converges.
     */
    @Test
    void aChangeOfTheMapsAloneSignalsTheMasterOnlyWhileMainCfIsWhatPostfixReloadFound() throws Exception {
        postfix.start();
        Path main = dir.resolve("main.cf");
        String broken = "this line has no equals sign\n";
        try {
            ApplyReport first = backend.apply(state(5), ChangeSet.everything());
            assertTrue(first.steps().contains("postfix reload"), first.steps().toString());
            String mainBefore = Files.readString(main);
            String pid = Files.readString(dir.resolve("spool/pid/master.pid"), StandardCharsets.US_ASCII).strip();
            awaitMasterReloads(1);
            long reloadsBefore = masterReloads();

            runner.clear();
            ApplyReport quick = backend.apply(moved(51), ChangeSet.domains(Set.of("d1.example")));
            assertTrue(quick.steps().stream().anyMatch(st -> st.startsWith("postfix reload (SIGHUP to master, pid " + pid)),
                    quick.steps().toString());
            assertTrue(runner.commands().stream().anyMatch(c -> c.argv().get(0).endsWith("/kill")
                    && c.argv().subList(1, c.argv().size()).equals(List.of("-HUP", pid))), runner.commands().toString());
            assertTrue(runner.commands().stream().noneMatch(c -> c.argv().contains("reload")), runner.commands().toString());
            awaitMasterReloads(reloadsBefore + 1);
            assertEquals("[192.0.2.51]:2525", query("sender_relay", "@d1.example"));

            runner.failWhen(argv -> argv.get(0).endsWith("/kill"));
            ApplyReport unsignalled = backend.apply(moved(53), ChangeSet.domains(Set.of("d1.example")));
            runner.failWhen(argv -> false);
            assertTrue(unsignalled.steps().stream().anyMatch(st -> st.startsWith("postfix reload (the master could not be signalled: ")),
                    unsignalled.steps().toString());

            Path masterCf = dir.resolve("master.cf");
            Files.writeString(masterCf, Files.readString(masterCf) + "# a comment added by hand\n");
            ApplyReport afterEdit = backend.apply(moved(54), ChangeSet.domains(Set.of("d1.example")));
            assertTrue(afterEdit.steps().contains("postfix reload"), afterEdit.steps().toString());
            Set<Long> childrenBefore = children(pid);
            ApplyReport again = backend.apply(moved(55), ChangeSet.domains(Set.of("d1.example")));
            assertTrue(again.steps().stream().anyMatch(st -> st.startsWith("postfix reload (SIGHUP")), again.steps().toString());
            awaitRespawned(pid, childrenBefore);

            // only the login changes: one postmap -i (of sasl_passwd), after which main.cf breaks
            java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
            runner.afterEach(c -> {
                if (c.argv().contains("-i") && armed.getAndSet(false)) {
                    Files.writeString(main, mainBefore + broken);
                }
            });
            runner.clear();
            InMemoryDesiredState newLogin = state(5).domain("d1.example",
                    relay("192.0.2.55", 2525, Encryption.STARTTLS, "moved", "a-new-password"));
            BackendException e = assertThrows(BackendException.class,
                    () -> withPostmap(() -> backend.apply(newLogin, ChangeSet.domains(Set.of("d1.example")))));
            runner.afterEach(c -> { });
            assertFalse(armed.get(), "main.cf was broken after the postmap");
            assertEquals("reload", e.step(), e.getMessage());
            assertTrue(runner.commands().stream().noneMatch(c -> c.argv().get(0).endsWith("/kill")), runner.commands().toString());
            assertTrue(runner.commands().stream().anyMatch(c -> c.argv().contains("reload")), runner.commands().toString());
            Thread.sleep(1500);
            assertTrue(Files.exists(Path.of("/proc", pid)), "the master still runs:\n" + postfix.maillog());

            Files.writeString(main, mainBefore);
            ApplyReport next = backend.apply(newLogin, ChangeSet.domains(Set.of("d1.example")));
            assertTrue(next.steps().contains("postfix reload"), "after a failed reload, postfix reload again: " + next.steps());
            assertEquals("moved:a-new-password", query("sasl_passwd", "@d1.example"));
        } finally {
            String text = Files.readString(main);
            if (text.endsWith(broken)) {
                Files.writeString(main, text.substring(0, text.length() - broken.length()));
            }
            postfix.stop();
        }
    }

    /** {@link #state(int)} with d1.example moved to 192.0.2.{@code host}:2525 (relay, transport and login change). */
    private static InMemoryDesiredState moved(int host) {
        return state(5).domain("d1.example", relay("192.0.2." + host, 2525, Encryption.STARTTLS, "moved", "moved-pw"));
    }

    /** The master's own "reload -- version ..." lines in the maillog. */
    private long masterReloads() {
        return postfix.maillog().lines().filter(l -> l.contains("postfix/master[") && l.contains(" reload -- ")).count();
    }

    /** The pids of the master's qmgr and pickup. */
    private static Set<Long> children(String masterPid) {
        return ProcessHandle.of(Long.parseLong(masterPid)).orElseThrow().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/qmgr") || c.endsWith("/pickup")).orElse(false))
                .map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Waits until a signalled master runs a new qmgr and pickup. Breaking main.cf while they start kills them, and a
     * master that logs to {@code maillog_file} then blocks for good writing their deaths to the postlog socket, whose
     * postlogd cannot start either (seen with Postfix 3.7: the master hangs in sendto, every later {@code postfix
     * reload} waits on postlog until it is killed). The test breaks main.cf by hand, so it waits out Postfix's restart
     * of its children first; the panel never leaves main.cf broken.
     */
    private void awaitRespawned(String masterPid, Set<Long> before) throws InterruptedException {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        Set<Long> now = children(masterPid);
        while ((now.size() < 2 || now.stream().anyMatch(before::contains)) && System.nanoTime() < end) {
            Thread.sleep(20);
            now = children(masterPid);
        }
        Set<Long> last = now;
        assertTrue(last.size() == 2 && last.stream().noneMatch(before::contains),
                "the master restarted qmgr and pickup after its reload (before " + before + ", now " + last + "):\n"
                        + postfix.maillog());
    }

    private void awaitMasterReloads(long count) throws InterruptedException {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (masterReloads() < count && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(masterReloads() >= count, "the master logged its reload:\n" + postfix.maillog());
    }

    @Test
    void aReadOnlyConfigFolderFailsWithoutChangingAnything() throws Exception {
        backend.apply(state(5), ChangeSet.everything());
        Map<String, String> before = FolderSnapshot.of(dir);
        chattr("+i");
        try {
            BackendException full = assertThrows(BackendException.class, () -> backend.apply(state(7), ChangeSet.everything()));
            assertTrue(Set.of("lock", "write").contains(full.step()), full.getMessage());
            assertTrue(full.getMessage().contains(dir.toString()), full.getMessage());
        } finally {
            chattr("-i");
        }
        assertEquals(before, FolderSnapshot.of(dir));
    }

    private void chattr(String flag) throws Exception {
        Process p = new ProcessBuilder("chattr", "-R", flag, dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "chattr " + flag + " (needs root and ext4-like file system): " + out);
    }

    @Test
    void concurrentAppliesDoNotInterleave() throws Exception {
        backend.apply(state(30), ChangeSet.everything());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ApplyReport>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int n = t;
                runs.add(pool.submit(() -> {
                    InMemoryDesiredState s = state(30).domain("d" + n + ".example",
                            relay("203.0.113." + n, 587, Encryption.STARTTLS, "c" + n, "p" + n));
                    return backend.apply(s, ChangeSet.domains(Set.of("d" + n + ".example")));
                }));
            }
            for (Future<ApplyReport> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (int n = 0; n < 8; n++) {
            assertEquals("[203.0.113." + n + "]:587", query("sender_relay", "@d" + n + ".example"));
        }
        String text = Files.readString(dir.resolve("smarthost/sender_relay"));
        assertEquals(30, text.lines().filter(l -> l.startsWith("@")).count(), "each key once in the text source");
    }

    @Test
    void keepsTheLastTenAppliedVersions() throws Exception {
        for (int i = 0; i < 12; i++) {
            backend.apply(new InMemoryDesiredState().server(relay("192.0.2." + (i + 1), 587, Encryption.STARTTLS, null, null)),
                    ChangeSet.everything());
        }
        History.awaitPruned(); // the oldest go on the pruning thread, right after each apply
        List<Path> kept = versions(dir.resolve("smarthost/history"));
        assertEquals(10, kept.size(), kept.toString());
        assertEquals("00000003", kept.get(0).getFileName().toString().substring(0, 8), "the newest ten");
        assertTrue(Files.readString(kept.get(9).resolve("main.cf")).contains("relayhost = [192.0.2.12]:587"));
    }

    /**
     * A full render keeps whole copies of the text maps it rebuilt, a one-domain change only the lines it
     * changed; never a .db; and the history, holding relay passwords, is never more open than 0600/0700,
     * also when an older release left a 0644 main.cf copy there.
     */
    @Test
    void historyKeepsTheTextMapsOrTheirChangedLinesAndIsPrivate() throws Exception {
        Path history = dir.resolve("smarthost/history");
        InMemoryDesiredState s = state(3);
        backend.apply(s, ChangeSet.everything());
        Path first = versions(history).get(0);
        for (String map : List.of("sender_relay", "sender_transport")) {
            assertEquals(Files.readString(dir.resolve("smarthost/" + map)), Files.readString(first.resolve("maps/" + map)),
                    map + " kept whole after a full render");
        }
        String logins = Files.readString(first.resolve("maps/sasl_passwd"));
        assertEquals(Files.readString(dir.resolve("smarthost/sasl_passwd")).replaceAll("(?m)^([^#\\s]\\S*\\s+[^:\\s]*:).*$",
                "$1********"), logins, "the login map kept whole, its passwords not");
        assertTrue(logins.contains("@d1.example user1:********"), logins);
        assertFalse(logins.contains("pw-"), "no password in the history");
        assertFalse(Files.exists(first.resolve(History.MAPS_DIFF)), "nothing edited in place");

        // as an older release left it; the panel then restarts (a new engine closes what it finds, once)
        History.awaitPruned();
        Files.setPosixFilePermissions(first.resolve("main.cf"), PosixFilePermissions.fromString("rw-r--r--"));
        // ... and with the passwords an older release kept
        Files.writeString(first.resolve("maps/sasl_passwd"), "# header\n@d0.example user0:old-secret-0\n"
                + "[192.0.2.1]:587 server:old server secret\n");
        Files.writeString(first.resolve(History.MAPS_DIFF), "# sender_relay\n+@d9.example [192.0.2.9]:25\n"
                + "# sasl_passwd\n-@d9.example u9:old-secret-9\n+@d9.example u9:new:secret\n");
        // ... and a rewrite of it that a kill interrupted before it replaced the copy
        Files.writeString(first.resolve("maps/sasl_passwd.next"), "# header\n@d0.example user0:****");
        backend = new PostfixMailBackend(PostfixSettings.of(dir, runner));
        s.domain("d1.example", relay("198.51.100.7", 2525, Encryption.STARTTLS, "new-user", "new-secret"));
        assertTrue(backend.apply(s, ChangeSet.domains(Set.of("d1.example"))).changed());
        List<Path> all = versions(history);
        assertEquals(2, all.size());
        Path second = all.get(1);
        assertFalse(Files.exists(second.resolve("maps")), "no whole copy for an in-place edit");
        List<String> diff = Files.readAllLines(second.resolve(History.MAPS_DIFF));
        assertTrue(diff.containsAll(List.of("# sasl_passwd", "-@d1.example user1:********", "+@d1.example new-user:********",
                "# sender_relay", "+@d1.example [198.51.100.7]:2525")), diff.toString());
        assertTrue(diff.stream().noneMatch(l -> l.contains("pw-1") || l.contains("new-secret")), "no password: " + diff);
        assertTrue(diff.stream().noneMatch(l -> l.contains("d0.example") || l.contains("d2.example")), "only the changed lines: " + diff);
        assertTrue(Files.exists(second.resolve("main.cf")) && Files.exists(second.resolve("steps.txt")));

        try (var files = Files.walk(history)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".db")).toList(), "no .db in the history");
        }
        History.awaitPruned();
        assertEquals(List.of(), tooOpen(dir.resolve("smarthost")), "history files 0600, folders 0700");
        assertEquals("# header\n@d0.example user0:********\n[192.0.2.1]:587 server:********\n",
                Files.readString(first.resolve("maps/sasl_passwd")), "an older release's copy loses its passwords");
        assertFalse(Files.exists(first.resolve("maps/sasl_passwd.next")), "the interrupted rewrite's file went");
        assertEquals("# sender_relay\n+@d9.example [192.0.2.9]:25\n# sasl_passwd\n-@d9.example u9:********\n"
                + "+@d9.example u9:********\n", Files.readString(first.resolve(History.MAPS_DIFF)));
        try (var files = Files.walk(history)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                assertFalse(text.contains("secret") || text.contains("pw-"), "a password in " + f + ": " + text);
            }
        }
    }

    /** The start's warm-up reads the maps (the login map as a kept version copies it) and writes nothing. */
    @Test
    void theWarmUpWritesNothing() throws Exception {
        backend.apply(state(50), ChangeSet.everything());
        History.awaitPruned();
        Map<Path, String> before = tree(dir);
        backend.warmUp();
        History.awaitPruned();
        assertEquals(before, tree(dir));
        assertEquals(1, versions(dir.resolve("smarthost/history")).size(), "no version kept by the warm-up");
    }

    /** Every file under {@code root} with its size and time of change. */
    private static Map<Path, String> tree(Path root) throws IOException {
        Map<Path, String> files = new java.util.TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(f), Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis());
            }
        }
        return files;
    }

    private static List<Path> versions(Path history) throws IOException {
        try (var s = Files.list(history)) {
            return s.sorted().toList();
        }
    }

    @Test
    void disablingEverythingRemovesOurFilesAndSettings() throws Exception {
        String main = Files.readString(dir.resolve("main.cf"));
        String master = Files.readString(dir.resolve("master.cf"));
        backend.apply(state(4), ChangeSet.everything());
        assertNotEquals(main, Files.readString(dir.resolve("main.cf")));
        backend.apply(new InMemoryDesiredState(), ChangeSet.everything());
        assertEquals(main, Files.readString(dir.resolve("main.cf")));
        assertEquals(master, Files.readString(dir.resolve("master.cf")));
        assertFalse(Files.exists(dir.resolve("smarthost/sasl_passwd")));
        assertFalse(Files.exists(dir.resolve("smarthost/sasl_passwd.db")));
    }
}
