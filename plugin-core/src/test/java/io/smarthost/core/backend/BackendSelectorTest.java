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

    /** Issue 13: no list of known ids in the core; the installed backends say who they are and where they come. */
    @Test
    void theChoicesAreTheInstalledBackendsInTheirOrder() {
        RecordingMailBackend exim = RecordingMailBackend.full("exim").order(50).detected(true);
        List<MailBackend> ordered = BackendSelector.inPreferenceOrder(List.of(smartermail.order(300), postfix.order(100), exim));
        assertEquals(List.of("exim", "postfix", "smartermail"), ordered.stream().map(MailBackend::id).toList());
        assertEquals(List.of("auto", "exim", "postfix", "smartermail"), BackendSelector.choices(ordered));
        assertEquals("exim", BackendSelector.select("exim", ordered).backend().orElseThrow().id());
        assertEquals("exim", BackendSelector.select("auto", ordered).backend().orElseThrow().id(), "first detected by order");
    }
}
