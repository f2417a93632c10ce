package io.smarthost.panel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.home.CliLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code panel bin} runs on one home with no panel server: they take turns ({@link CliLock}) instead of failing on
 * the embedded database's lock (before: five of six runs started together failed with H2's "Lock file recently
 * modified"), and one that waits says for whom.
 */
class CliLockTest {

    @TempDir
    Path temp;

    private Process bin(String name, String... args) throws IOException {
        ProcessBuilder pb = BinProcesses.bin(temp, "cli-lock-test-password-1", args);
        return pb.redirectOutput(temp.resolve(name + ".out").toFile()).redirectError(temp.resolve(name + ".err").toFile())
                .start();
    }

    private int finish(Process p, String name) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(name + " did not finish: " + err(name));
        }
        return p.exitValue();
    }

    private String out(String name) throws IOException {
        return Files.readString(temp.resolve(name + ".out"));
    }

    private String err(String name) throws IOException {
        return Files.readString(temp.resolve(name + ".err"));
    }

    private static String lockText(Path data) throws IOException {
        Path file = data.resolve(CliLock.FILE_NAME);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private void createHome() throws Exception {
        Files.createDirectories(temp.resolve("h"));
        Process first = bin("first", "settings", "--list");
        first.getOutputStream().close();
        assertEquals(0, finish(first, "first"), err("first"));
    }

    @Test
    void runsStartedTogetherTakeTurnsAndAllSucceed() throws Exception {
        createHome();
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Process p = bin("run" + i, "settings", "--list");
            p.getOutputStream().close();
            runs.add(p);
        }
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(0, finish(runs.get(i), "run" + i), "run " + i + ": " + err("run" + i));
            assertTrue(out("run" + i).contains("restricted_mode"), out("run" + i));
            assertTrue(err("run" + i).isBlank() || err("run" + i).startsWith("panel bin: waiting for another panel bin"),
                    err("run" + i));
        }
    }

    @Test
    void aRunWaitsForTheHolderSaysForWhomAndGoesOnOnceItIsFree() throws Exception {
        createHome();
        Path data = temp.resolve("h").resolve("data");
        Process waiting;
        try (CliLock held = CliLock.acquire(data, "test holder", Duration.ofSeconds(5), System.err)) {
            waiting = bin("waiting", "settings", "--list");
            waiting.getOutputStream().close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!err("waiting").contains("waiting for another panel bin") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("panel bin: waiting for another panel bin on this home to finish (pid "
                    + ProcessHandle.current().pid() + ": test holder)", err("waiting").strip());
            assertTrue(waiting.isAlive(), "it waits while the lock is held");
        }
        assertEquals(0, finish(waiting, "waiting"), err("waiting"));
        assertTrue(out("waiting").contains("restricted_mode"), out("waiting"));
    }

    @Test
    void aWaitThatEndsSaysWhoHoldsTheHomeAndWhatToDo() throws Exception {
        createHome();
        Path data = temp.resolve("h").resolve("data");
        // a run that reads a password on its standard input holds the home until the input ends
        Process holder = bin("holder", "user", "--set-password", "admin", "-password-stdin");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!lockText(data).contains("user --set-password")
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> CliLock.acquire(data, "test",
                    Duration.ofMillis(1500), new PrintStream(said, true, StandardCharsets.UTF_8)));
            assertEquals("waited 1 s for other panel bin runs on this home (now pid " + holder.pid() + ": user"
                    + " --set-password); run this again once they have finished", e.getMessage());
            assertTrue(said.toString(StandardCharsets.UTF_8).contains("waiting for another panel bin on this home to finish (pid "
                    + holder.pid() + ": user --set-password)"), said.toString(StandardCharsets.UTF_8));
        } finally {
            holder.getOutputStream().write("a-new-password-for-the-test-1\n".getBytes(StandardCharsets.UTF_8));
            holder.getOutputStream().close();
            finish(holder, "holder");
        }
        // a lock file this run cannot open (another user's): it goes on without taking turns, and says so
        Path other = temp.resolve("other-data");
        Files.createDirectories(other.resolve(CliLock.FILE_NAME)); // a folder where the file should be: cannot be opened
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertTrue(CliLock.tryAcquire(other, "test", Duration.ofMillis(500), new PrintStream(said, true, StandardCharsets.UTF_8))
                .isEmpty());
        assertTrue(said.toString(StandardCharsets.UTF_8).contains("this run does not wait for others on this home"),
                said.toString(StandardCharsets.UTF_8));
        // the holder's lock went with it: the next run does not wait
        try (CliLock next = CliLock.acquire(data, "after", Duration.ofMillis(500), System.err)) {
            assertTrue(Files.readString(data.resolve(CliLock.FILE_NAME)).contains("after"));
        }
    }
}
