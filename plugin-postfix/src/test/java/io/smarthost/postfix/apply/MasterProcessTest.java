package io.smarthost.postfix.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterProcessTest {

    @TempDir
    Path base;

    /** A live stand-in for master, with the environment {@code postfix start} gives it. */
    static Process fakeMaster(Optional<Path> configDirectory) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sleep", "60");
        pb.environment().remove("config_directory");
        pb.environment().remove("MAIL_CONFIG");
        configDirectory.ifPresent(d -> pb.environment().put("config_directory", d.toString()));
        return pb.start();
    }

    Path spoolWithPid(String pid) throws IOException {
        Path spool = Files.createDirectories(base.resolve("spool/pid")).getParent();
        Files.writeString(spool.resolve("pid/master.pid"), String.format("%6s\n", pid));
        return spool;
    }

    @Test
    void aMasterServingThisFolderIsRunning() throws Exception {
        Path conf = Files.createDirectories(base.resolve("conf"));
        Process p = fakeMaster(Optional.of(conf));
        try {
            MasterProcess.Status s = MasterProcess.of(conf, spoolWithPid(Long.toString(p.pid())));
            assertEquals(MasterProcess.State.RUNNING, s.state());
        } finally {
            p.destroy();
        }
    }

    /** Regression: a sandbox without its own queue_directory saw the machine's master as its own. */
    @Test
    void aMasterServingAnotherFolderIsNotOurs() throws Exception {
        Path conf = Files.createDirectories(base.resolve("conf"));
        for (Optional<Path> other : java.util.List.of(Optional.of(Files.createDirectories(base.resolve("other"))),
                Optional.<Path>empty())) {
            Process p = fakeMaster(other);
            try {
                MasterProcess.Status s = MasterProcess.of(conf, spoolWithPid(Long.toString(p.pid())));
                assertEquals(MasterProcess.State.OTHER, s.state());
                assertEquals(other.orElse(Path.of("/etc/postfix")), s.serves().orElseThrow(),
                        "without config_directory in its environment, master serves Postfix's default folder");
            } finally {
                p.destroy();
            }
        }
    }

    @Test
    void noPidFileOrADeadPidIsNotRunning() throws Exception {
        Path conf = Files.createDirectories(base.resolve("conf"));
        assertEquals(MasterProcess.State.NOT_RUNNING, MasterProcess.of(conf, base.resolve("nowhere")).state());
        Process p = fakeMaster(Optional.of(conf));
        p.destroy();
        p.waitFor();
        assertEquals(MasterProcess.State.NOT_RUNNING, MasterProcess.of(conf, spoolWithPid(Long.toString(p.pid()))).state());
        assertEquals(MasterProcess.State.NOT_RUNNING, MasterProcess.of(conf, spoolWithPid("../1")).state());
    }
}
