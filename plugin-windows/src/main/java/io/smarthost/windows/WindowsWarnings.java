package io.smarthost.windows;

import io.smarthost.core.backend.ApplyWarning;

/** The MailEnable and SmarterMail applies' warnings: {@code i18n/windows-apply.properties} (English) and {@code _fr}. */
public final class WindowsWarnings {
    static final String BUNDLE = "i18n/windows-apply";

    private WindowsWarnings() {
    }

    public static ApplyWarning of(String key, Object... args) {
        return ApplyWarning.of(WindowsWarnings.class, BUNDLE, key, args);
    }
}
