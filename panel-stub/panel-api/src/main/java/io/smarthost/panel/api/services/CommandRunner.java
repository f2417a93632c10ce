package io.smarthost.panel.api.services;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an external program. Arguments are logged, so a secret must never be one: pass it on
 * {@link Command#stdin()} (or in a file written with mode 0600).
 *
 * @since 1.0
 */
public interface CommandRunner {

    /**
     * Runs the command to completion or until its timeout (then it is killed and
     * {@link Result#timedOut()} is true). Output is captured (at most 1 MiB each).
     *
     * @throws IOException when the program cannot be started
     */
    Result run(Command command) throws IOException;

    /**
     * @param argv    program and arguments; never a secret
     * @param stdin   bytes fed to standard input, then closed
     * @param timeout upper bound on the run
     * @param env     extra environment variables
     * @param workDir working folder, or empty for the panel's
     */
    record Command(List<String> argv, byte[] stdin, Duration timeout, Map<String, String> env,
                   Optional<Path> workDir) {
        public Command {
            argv = List.copyOf(argv);
            stdin = stdin == null ? new byte[0] : stdin;
            env = Map.copyOf(env == null ? Map.of() : env);
            workDir = workDir == null ? Optional.empty() : workDir;
        }

        public static Command of(Duration timeout, String... argv) {
            return new Command(List.of(argv), new byte[0], timeout, Map.of(), Optional.empty());
        }

        public Command withStdin(byte[] input) {
            return new Command(argv, input, timeout, env, workDir);
        }

        @Override
        public String toString() {
            return "Command" + argv + (stdin.length > 0 ? " <stdin " + stdin.length + " bytes>" : "");
        }
    }

    record Result(int exitCode, String stdout, String stderr, Duration took, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }
}
