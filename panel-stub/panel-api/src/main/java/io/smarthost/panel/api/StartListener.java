package io.smarthost.panel.api;

import org.pf4j.ExtensionPoint;

/**
 * Told once that the panel serves: after {@code panel start} opened its web server, and after a
 * plugin was started on a panel that already serves (installed or updated from the catalogue). Not
 * called in a {@code panel bin} process. Runs on a background thread of its own ({@code panel-start}),
 * so slow work (bringing a mail server back in line with the store after a crash) does not hold up
 * the first page; an exception is logged and ignored.
 *
 * @since 1.1
 */
public interface StartListener extends ExtensionPoint {

    void panelStarted();
}
