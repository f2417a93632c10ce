package io.smarthost.panel.host;

import io.smarthost.panel.host.testing.PluginFileBuilder;
import java.nio.file.Path;

/** The sample plugin of {@code src/test/sample-plugin}, built as a real file. */
public final class Samples {

    public static final Path SOURCES = Path.of("src/test/sample-plugin");

    private Samples() {
    }

    public static PluginFileBuilder builder(Path work) {
        return new PluginFileBuilder(SOURCES, work).id("sample").version("1.0.0").requires(">=1.0.0")
                .pluginClass("io.smarthost.sample.SamplePlugin");
    }

    public static Path zip(Path work) {
        return builder(work).buildZip("sample-1.0.0.zip");
    }
}
