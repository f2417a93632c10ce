package io.smarthost.sample;

import org.pf4j.Plugin;

/** The sample plugin used by the host's tests. */
public class SamplePlugin extends Plugin {
}
