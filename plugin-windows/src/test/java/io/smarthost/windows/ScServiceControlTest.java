package io.smarthost.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.testkit.RecordingRunner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScServiceControlTest {

    @Test
    void queriesWithScAndTellsMissingServiceFromFailure() throws Exception {
        RecordingRunner runner = new RecordingRunner(c -> c.argv().get(2).equals("MESMTPCS")
                ? RecordingRunner.result(0, "STATE : 4 RUNNING", "")
                : RecordingRunner.result(1060, "", "The specified service does not exist as an installed service."));
        ScServiceControl control = new ScServiceControl(runner, Duration.ofSeconds(5));
        assertTrue(control.exists("MESMTPCS"));
        assertFalse(control.exists("MailService"));
        assertEquals(List.of("sc.exe", "query", "MESMTPCS"), runner.commands().get(0).argv());
    }

    @Test
    void restartsWithNetStopThenNetStartAndAcceptsAStoppedService() throws Exception {
        RecordingRunner runner = new RecordingRunner(c -> c.argv().get(1).equals("stop")
                ? RecordingRunner.result(2, "", "The MailEnable SMTP Connector service is not started.")
                : RecordingRunner.result(0, "started", ""));
        new ScServiceControl(runner, Duration.ofSeconds(5)).restart("MESMTPCS");
        assertEquals(List.of(List.of("net.exe", "stop", "MESMTPCS"), List.of("net.exe", "start", "MESMTPCS")),
                runner.commands().stream().map(c -> c.argv()).toList());
    }

    @Test
    void reportsAFailedStart() {
        RecordingRunner runner = new RecordingRunner(c -> c.argv().get(1).equals("stop")
                ? RecordingRunner.result(0, "", "") : RecordingRunner.result(2, "", "System error 1053 has occurred."));
        ServiceControl.ServiceException e = assertThrows(ServiceControl.ServiceException.class,
                () -> new ScServiceControl(runner, Duration.ofSeconds(5)).restart("MESMTPCS"));
        assertTrue(e.getMessage().contains("net start MESMTPCS failed (exit 2): System error 1053"), e.getMessage());
    }

    @Test
    void rejectsAServiceNameThatIsNotAName() {
        RecordingRunner runner = new RecordingRunner(c -> RecordingRunner.result(0, "", ""));
        assertThrows(IllegalArgumentException.class,
                () -> new ScServiceControl(runner, Duration.ofSeconds(5)).restart("x & del C:\\"));
        assertTrue(runner.commands().isEmpty());
    }

    @Test
    void tellsARunningServiceFromAStoppedOrMissingOneBySCQueryState() throws Exception {
        String running = "\r\nSERVICE_NAME: MESMTPCS\r\n        TYPE               : 10  WIN32_OWN_PROCESS\r\n"
                + "        STATE              : 4  RUNNING\r\n                                (STOPPABLE, NOT_PAUSABLE)\r\n";
        String stopped = running.replace("4  RUNNING", "1  STOPPED");
        RecordingRunner runner = new RecordingRunner(c -> switch (c.argv().get(2)) {
            case "MESMTPCS" -> RecordingRunner.result(0, running, "");
            case "Stopped" -> RecordingRunner.result(0, stopped, "");
            default -> RecordingRunner.result(1060, "", "The specified service does not exist as an installed service.");
        });
        ScServiceControl control = new ScServiceControl(runner, Duration.ofSeconds(5));
        assertTrue(control.isRunning("MESMTPCS"));
        assertFalse(control.isRunning("Stopped"));
        assertFalse(control.isRunning("Missing"));
        assertEquals(List.of("sc.exe", "query", "MESMTPCS"), runner.commands().get(0).argv());
    }
}
