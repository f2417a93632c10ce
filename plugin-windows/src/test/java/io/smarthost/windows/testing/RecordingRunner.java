package io.smarthost.windows.testing;

import io.smarthost.panel.api.services.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A CommandRunner that records each command (and, for {@code reg.exe import}, the file's bytes and
 * mode at the moment it runs) and answers from a script. Stands in for Windows tools on Linux.
 */
public final class RecordingRunner implements CommandRunner {
    public final List<Command> commands = new ArrayList<>();
    public final List<byte[]> importedFiles = new ArrayList<>();
    public final List<String> importedModes = new ArrayList<>();
    private final Function<Command, Result> answer;

    public RecordingRunner(Function<Command, Result> answer) {
        this.answer = answer;
    }

    public static Result result(int exit, String stdout, String stderr) {
        return new Result(exit, stdout, stderr, Duration.ZERO, false);
    }

    @Override
    public Result run(Command command) throws IOException {
        commands.add(command);
        if (command.argv().size() == 3 && command.argv().get(1).equals("import")) {
            Path file = Path.of(command.argv().get(2));
            importedFiles.add(Files.readAllBytes(file));
            importedModes.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        return answer.apply(command);
    }
}
