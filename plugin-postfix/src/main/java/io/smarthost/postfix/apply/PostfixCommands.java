package io.smarthost.postfix.apply;

import io.smarthost.core.backend.BackendException;
import io.smarthost.panel.api.services.CommandRunner;
import io.smarthost.panel.api.services.CommandRunner.Command;
import io.smarthost.panel.api.services.CommandRunner.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Postfix programs we run, always with {@code -c DIR} so the machine's own configuration is
 * never read by mistake. Secrets only ever travel on standard input.
 *
 * @param runner     how processes are started (the host's, or {@code LocalCommandRunner})
 * @param commandDir where postconf, postfix and postmap live (usually {@code /usr/sbin})
 * @param timeout    upper bound for one command
 */
public record PostfixCommands(CommandRunner runner, Path commandDir, Duration timeout) {

    /** {@code postconf -c DIR -n}: fails when Postfix cannot read the file; returns its warnings. */
    public List<String> postconfWarnings(Path configDir) throws BackendException {
        Result r = run("postconf", "postconf -n", null, "-c", configDir.toString(), "-n");
        List<String> warnings = new ArrayList<>();
        for (String line : r.stderr().split("\n")) {
            if (line.contains("warning:")) {
                warnings.add(line.strip());
            }
        }
        return warnings;
    }

    public void check(Path configDir) throws BackendException {
        run("postfix", "postfix check", null, "-c", configDir.toString(), "check");
    }

    /** Builds {@code file.db} from {@code file} (the whole table). */
    public void postmap(Path configDir, Path file) throws BackendException {
        run("postmap", "postmap", null, "-c", configDir.toString(), "hash:" + file);
    }

    /** Adds or replaces entries in {@code file.db} in place; entries (maybe secret) go on stdin. */
    public void postmapUpdate(Path configDir, Path file, byte[] entries) throws BackendException {
        run("postmap", "postmap", entries, "-c", configDir.toString(), "-i", "-r", "hash:" + file);
    }

    /** Removes keys from {@code file.db} in place; keys go on stdin. A missing key is not an error. */
    public void postmapDelete(Path configDir, Path file, byte[] keys) throws BackendException {
        Result r = exec("postmap", "postmap", keys, "-c", configDir.toString(), "-d", "-", "hash:" + file);
        // postmap -d exits 1 when no key was found; only a fatal error is a failure
        if (r.timedOut() || r.exitCode() > 1 || r.stderr().contains("fatal:")) {
            throw failure("postmap", r);
        }
    }

    /** Whether a master process runs for this configuration. */
    public boolean running(Path configDir) throws BackendException {
        Result r = exec("postfix", "postfix status", null, "-c", configDir.toString(), "status");
        return r.exitCode() == 0;
    }

    /**
     * {@code postfix reload}. Postfix writes its errors to standard error only on a terminal (else to its log): a
     * reload refused for a main.cf broken by hand said "exit code 1" and nothing more (a hostile tester). When it
     * printed nothing, {@code postconf -n}'s complaint about the same files is added, or where to look.
     */
    public void reload(Path configDir) throws BackendException {
        Result r = exec("postfix", "reload", null, "-c", configDir.toString(), "reload");
        if (r.ok()) {
            return;
        }
        if (!r.timedOut() && r.stderr().isBlank()) {
            Result check = exec("postconf", "reload", null, "-c", configDir.toString(), "-n");
            String why = check.stderr().strip();
            throw new BackendException("reload", "exit code " + r.exitCode() + ": " + (why.isEmpty()
                    ? "postfix reload printed nothing (its reason is in the mail log)"
                    : "main.cf or master.cf: " + last(why, 800)));
        }
        throw failure("reload", r);
    }

    /** Where kill(1) is looked for (procps on Debian; {@code /bin} before the merged /usr). */
    static final List<Path> KILL = List.of(Path.of("/usr/bin/kill"), Path.of("/bin/kill"));

    /**
     * Sends SIGHUP to the master process {@code pid}: the signal {@code postfix reload} sends once its own
     * checks passed (that command runs a shell script, {@code master -t} and {@code postsuper} around it: 90-130 ms
     * on the test machine; this, one process start: about 11 ms). Only for a master that a {@code postfix reload}
     * already made read the same main.cf: a master told to re-read a main.cf it cannot parse exits.
     *
     * @return empty when the signal was sent, else why not (no kill(1), or its error)
     */
    public Optional<String> hangUp(String pid) {
        // digits only, whatever the caller checked: "kill -HUP -1" would signal every process the panel may signal
        if (pid.isEmpty() || !pid.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of("no master pid");
        }
        Optional<Path> kill = KILL.stream().filter(java.nio.file.Files::isExecutable).findFirst();
        if (kill.isEmpty()) {
            return Optional.of("no kill(1) in " + KILL);
        }
        try {
            Result r = runner.run(new Command(List.of(kill.get().toString(), "-HUP", pid), null, timeout, Map.of(),
                    Optional.empty()));
            return r.ok() ? Optional.empty() : Optional.of(kill.get() + ": " + failure("kill", r).getMessage());
        } catch (IOException e) {
            return Optional.of("cannot run " + kill.get() + ": " + e.getMessage());
        }
    }

    public void start(Path configDir) throws BackendException {
        run("postfix", "start", null, "-c", configDir.toString(), "start");
    }

    public void stop(Path configDir) throws BackendException {
        run("postfix", "stop", null, "-c", configDir.toString(), "stop");
    }

    public void flushQueue(Path configDir) throws BackendException {
        run("postqueue", "postqueue -f", null, "-c", configDir.toString(), "-f");
    }

    private Result run(String program, String step, byte[] stdin, String... args) throws BackendException {
        Result r = exec(program, step, stdin, args);
        if (!r.ok()) {
            throw failure(step, r);
        }
        return r;
    }

    private Result exec(String program, String step, byte[] stdin, String... args) throws BackendException {
        List<String> argv = new ArrayList<>();
        argv.add(commandDir.resolve(program).toString());
        argv.addAll(List.of(args));
        try {
            return runner.run(new Command(argv, stdin, timeout, Map.of(), Optional.empty()));
        } catch (IOException e) {
            throw new BackendException(step, "cannot run " + argv.get(0) + ": " + e.getMessage()
                    + " (is Postfix installed? apt-get install postfix)", e);
        }
    }

    private static BackendException failure(String step, Result r) {
        String why = r.timedOut() ? "timed out" : "exit code " + r.exitCode();
        String err = r.stderr().strip();
        return new BackendException(step, why + (err.isEmpty() ? "" : ": " + last(err, 800)));
    }

    private static String last(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }
}
