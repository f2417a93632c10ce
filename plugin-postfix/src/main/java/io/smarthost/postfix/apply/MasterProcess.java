package io.smarthost.postfix.apply;

import io.smarthost.postfix.maincf.MainCf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which Postfix master, if any, serves a configuration folder. Found without starting a process
 * (cheap enough for every one-domain change): the pid file under the configuration's own
 * {@code queue_directory}, then {@code /proc/PID}. A live process counts only when its
 * configuration folder (the {@code config_directory}/{@code MAIL_CONFIG} that {@code postfix start}
 * puts in master's environment, else Postfix's built-in {@code /etc/postfix}) is this folder: a
 * sandbox whose main.cf names no queue folder sees the machine's own master in
 * {@code /var/spool/postfix}, and must never reload it.
 */
public final class MasterProcess {

    /** Postfix's compiled-in configuration folder, used by a master started without {@code -c}. */
    static final Path DEFAULT_CONFIG = Path.of("/etc/postfix");

    /** What the pid file says. */
    public enum State {
        /** No pid file, or it names no live process. */
        NOT_RUNNING,
        /** A live master serves this configuration folder. */
        RUNNING,
        /** A live process serves another configuration folder (or cannot be told apart): not ours to signal. */
        OTHER
    }

    /**
     * @param state     what was found
     * @param pid       the process named by the pid file, empty when none
     * @param serves    the configuration folder the live process serves, when known
     */
    public record Status(State state, Optional<String> pid, Optional<Path> serves) {
    }

    private MasterProcess() {
    }

    /** The master of {@code configDir}, looked up under {@code queueDirectory/pid/master.pid}. */
    public static Status of(Path configDir, Path queueDirectory) {
        String pid;
        try {
            pid = Files.readString(queueDirectory.resolve("pid/master.pid"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return new Status(State.NOT_RUNNING, Optional.empty(), Optional.empty());
        }
        if (!isPid(pid) || !Files.exists(Path.of("/proc", pid, "exe"))) {
            return new Status(State.NOT_RUNNING, Optional.empty(), Optional.empty());
        }
        Optional<Path> serves = configOf(pid);
        boolean ours = serves.isPresent() && sameFolder(serves.get(), configDir);
        return new Status(ours ? State.RUNNING : State.OTHER, Optional.of(pid), serves);
    }

    /** Whether {@code pid} is still a Postfix {@code master} process (its command name), just before it is signalled. */
    public static boolean isMaster(String pid) {
        return isPid(pid) && read(Path.of("/proc", pid, "comm")).equals("master");
    }

    /** The queue folder of a main.cf, where its master's pid file lives ({@code queue_directory}, Postfix's default). */
    public static Path queueDirectory(MainCf mainCf) {
        return Path.of(mainCf.get("queue_directory").orElse("/var/spool/postfix"));
    }

    /**
     * Whether the master {@code pid} of a Postfix that logs through postlogd ({@code maillog_file} set; the caller
     * knows, from main.cf) is stuck for good writing its log: the kernel has it waiting for room on a unix socket
     * while none of its children is a live postlogd, the only process that would make room, which only the master
     * could start. Read twice, 100 ms apart, so that a master caught between forking a postlogd and its exec is not
     * taken for stuck. Seen with Postfix 3.7: daemons started while main.cf could not be parsed die, the master logs
     * their deaths until the postlog socket is full and waits there for ever; every Postfix command that logs
     * ({@code postfix reload}, {@code stop}, {@code status}) then waits behind it. A master that logs to syslog
     * ({@code maillog_file} empty) may wait on {@code /dev/log} while the system logger is slow and is never asked
     * about here. False where {@code /proc} cannot tell (not root, another kernel).
     */
    public static boolean stuckOnLog(String pid) {
        if (!waitsWithNoPostlogd(pid)) {
            return false;
        }
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return waitsWithNoPostlogd(pid);
    }

    /** Whether {@code maillog_file} sends Postfix's log through postlogd (Postfix 3.4 and later). */
    public static boolean logsThroughPostlogd(Optional<String> maillogFile) {
        return maillogFile.map(String::strip).filter(v -> !v.isEmpty()).isPresent();
    }

    private static boolean waitsWithNoPostlogd(String pid) {
        if (!isPid(pid) || !read(Path.of("/proc", pid, "wchan")).startsWith("unix_wait_for_peer")) {
            return false;
        }
        Optional<ProcessHandle> master = ProcessHandle.of(Long.parseLong(pid));
        return master.isPresent() && master.get().children()
                .noneMatch(child -> read(Path.of("/proc", String.valueOf(child.pid()), "comm")).equals("postlogd")
                        && !zombie(child.pid()));
    }

    /** What the admin reads about a master {@link #stuckOnLog stuck on its log}, and what to do. */
    public static String stuckText(String pid) {
        return "the Postfix master (pid " + pid + ") is stuck writing its log to postlogd (maillog_file), which does not"
                + " run: Postfix cannot recover by itself, no mail moves and no command reaches it. Stop the master"
                + " (kill " + pid + "), check the configuration (postfix check) and start Postfix again; the panel"
                + " applies its settings at the next change or repair";
    }

    /** A process id as a pid file holds it: digits only, at most ten (a path under /proc, never elsewhere). */
    private static boolean isPid(String pid) {
        return !pid.isEmpty() && pid.length() <= 10 && pid.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean zombie(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        int end = stat.lastIndexOf(')');
        return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) == 'Z';
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    /** The configuration folder in a process's environment; empty when unreadable (not root). */
    static Optional<Path> configOf(String pid) {
        byte[] env;
        try {
            env = Files.readAllBytes(Path.of("/proc", pid, "environ"));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        String configDirectory = null;
        String mailConfig = null;
        for (String entry : new String(env, StandardCharsets.UTF_8).split("\0")) {
            if (entry.startsWith("config_directory=")) {
                configDirectory = entry.substring("config_directory=".length());
            } else if (entry.startsWith("MAIL_CONFIG=")) {
                mailConfig = entry.substring("MAIL_CONFIG=".length());
            }
        }
        String dir = configDirectory != null ? configDirectory : mailConfig;
        return Optional.of(dir == null || dir.isEmpty() ? DEFAULT_CONFIG : Path.of(dir));
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
