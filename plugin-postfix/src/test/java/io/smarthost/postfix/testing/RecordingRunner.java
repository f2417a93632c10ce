package io.smarthost.postfix.testing;

import io.smarthost.panel.api.services.CommandRunner;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Runs commands for real and records them; optionally makes the matching ones fail (failure
 * injection: the real program is not run, the result says exit 1 with a fatal message).
 */
public final class RecordingRunner implements CommandRunner {

    private final CommandRunner real;
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private volatile Predicate<List<String>> failWhen = argv -> false;
    private volatile java.util.function.Consumer<Command> afterEach = c -> { };

    public RecordingRunner(CommandRunner real) {
        this.real = real;
    }

    /** From now on, commands whose argv matches fail without running. */
    public RecordingRunner failWhen(Predicate<List<String>> which) {
        this.failWhen = which;
        return this;
    }

    /** Calls {@code hook} after each command ran (to look at files while an apply is in progress). */
    public RecordingRunner afterEach(java.util.function.Consumer<Command> hook) {
        this.afterEach = hook;
        return this;
    }

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
            return new Result(1, "", command.argv().get(0) + ": fatal: injected failure", java.time.Duration.ZERO, false);
        }
        Result result = real.run(command);
        afterEach.accept(command);
        return result;
    }
}
