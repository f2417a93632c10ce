package io.smarthost.sample;

import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.IniKeys;
import java.util.List;
import org.pf4j.Extension;

/** The sample plugin owns [sample] in panel.ini. */
@Extension
public class SampleIniKeys implements IniKeys {

    static final IniKey ENABLED = IniKey.bool("sample", "sample.enabled", true, "show the sample");
    static final IniKey GREETINGS = IniKey.integer("sample", "sample.greetings", 3, 1, 10, "greetings a page shows");

    public List<IniKey> keys() {
        return List.of(ENABLED, GREETINGS);
    }
}
