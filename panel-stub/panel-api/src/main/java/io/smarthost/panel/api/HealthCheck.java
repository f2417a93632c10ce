package io.smarthost.panel.api;

import java.util.List;
import java.util.Locale;
import org.pf4j.ExtensionPoint;

/**
 * Something a plugin can tell is wrong right now (the mail server disagrees with the store, an
 * interrupted change is waiting...), listed on the admin's dashboard under "Health" beside the
 * panel's own problems. Called on a web request thread for each dashboard view: answer from a
 * cache or quickly. An empty list means nothing is wrong; an exception is shown as one problem.
 *
 * @since 1.1
 */
public interface HealthCheck extends ExtensionPoint {

    /** Short name shown before each problem, e.g. {@code Smarthost}. */
    String name();

    /** Problems in {@code locale}, one sentence each, no secrets. */
    List<String> problems(Locale locale);
}
