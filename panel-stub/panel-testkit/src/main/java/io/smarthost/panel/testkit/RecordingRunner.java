package io.smarthost.panel.testkit;

import io.smarthost.panel.api.services.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Records every command and passes it on: to a real runner ({@link ProcessRunner}, a backend's own)
 * or to a script standing in for a tool the test machine lacks
 * ({@code new RecordingRunner(c -> RecordingRunner.result(0, "RUNNING", ""))}). Optionally makes the
 * matching commands fail (failure injection: the runner is not called, the result says exit 1 with a
 * fatal message).
 */
public final class RecordingRunner implements CommandRunner {

    /** Called after each command that ran, while the files it was given still exist. */
    @FunctionalInterface
    public interface AfterCommand {
        void ran(Command command) throws IOException;
    }

    private final CommandRunner runner;
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private volatile Predicate<List<String>> failWhen = argv -> false;
    private volatile AfterCommand afterEach = c -> { };

    public RecordingRunner(CommandRunner runner) {
        this.runner = runner;
    }

    /** A finished command's result, for scripts. */
    public static Result result(int exit, String stdout, String stderr) {
        return new Result(exit, stdout, stderr, Duration.ZERO, false);
    }

    /** From now on, commands whose argv matches fail without running. */
    public RecordingRunner failWhen(Predicate<List<String>> which) {
        this.failWhen = which;
        return this;
    }

    /** Calls {@code hook} after each command ran (to look at files while an apply is in progress). */
    public RecordingRunner afterEach(AfterCommand hook) {
        this.afterEach = hook;
        return this;
    }

    /** Every command so far, in order (failed ones included). */
    public List<Command> commands() {
        return List.copyOf(commands);
    }

    public void clear() {
        commands.clear();
    }

    @Override
    public Result run(Command command) throws IOException {
        commands.add(command);
        if (failWhen.test(command.argv())) {
            return new Result(1, "", command.argv().get(0) + ": fatal: injected failure", Duration.ZERO, false);
        }
        Result result = runner.run(command);
        afterEach.ran(command);
        return result;
    }
}
