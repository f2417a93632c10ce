package io.smarthost.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.testing.RecordingMailBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {
    final RecordingMailBackend postfix = RecordingMailBackend.full("postfix").detected(false);
    final RecordingMailBackend smartermail = RecordingMailBackend.full("smartermail").detected(true);
    final List<MailBackend> installed = List.of(postfix, smartermail);

    @Test
    void autoTakesTheFirstDetected() {
        assertEquals("smartermail", BackendSelector.select(null, installed).backend().orElseThrow().id());
        assertEquals("smartermail", BackendSelector.select(" AUTO ", installed).backend().orElseThrow().id());
    }

    @Test
    void anExplicitChoiceWinsOverDetection() {
        assertEquals("postfix", BackendSelector.select("postfix", installed).backend().orElseThrow().id());
    }

    @Test
    void explainsWhyNoneWasChosen() {
        BackendSelection unknown = BackendSelector.select("exim", installed);
        assertTrue(unknown.backend().isEmpty());
        assertTrue(unknown.problem().orElseThrow().contains("exim is not one of"), unknown.problem().get());
        assertTrue(BackendSelector.select("mailenable", installed).problem().orElseThrow().contains("not installed"));
        smartermail.detected(false);
        assertTrue(BackendSelector.select("auto", installed).problem().orElseThrow().contains("postfix, smartermail"));
    }
}
