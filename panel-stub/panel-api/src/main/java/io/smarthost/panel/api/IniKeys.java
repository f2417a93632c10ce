package io.smarthost.panel.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * The {@code panel.ini} keys a plugin (or the host itself) reads, declared so that the host can check
 * the file for everyone: a section becomes <em>owned</em> as soon as someone declares a key in it; a key
 * in an owned section that nobody declares is reported as unknown, a value its {@link IniType} refuses is
 * reported and reads as absent (the declared default applies). Sections nobody owns are left alone.
 *
 * <p>Called by the host when the panel opens, when a plugin starts or stops and when {@code panel.ini}
 * is re-read, on whichever thread did that; it must be cheap and answer the same list every time. An
 * empty list means the plugin reads no {@code panel.ini} key.
 *
 * @since 1.0
 */
public interface IniKeys extends ExtensionPoint {

    List<IniKey> keys();
}
