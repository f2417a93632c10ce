package io.smarthost.sample;

/** A version of the sample plugin that cannot start (to prove the previous version keeps running). */
public class FailingSamplePlugin extends SamplePlugin {
    @Override
    public void start() {
        throw new IllegalStateException("sample plugin refuses to start (test)");
    }
}
