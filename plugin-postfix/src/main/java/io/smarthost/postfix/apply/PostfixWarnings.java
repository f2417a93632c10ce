package io.smarthost.postfix.apply;

import io.smarthost.core.backend.ApplyWarning;

/** The Postfix apply's warnings: {@code i18n/postfix-apply.properties} (English) and {@code _fr}. */
final class PostfixWarnings {
    static final String BUNDLE = "i18n/postfix-apply";

    private PostfixWarnings() {
    }

    static ApplyWarning of(String key, Object... args) {
        return ApplyWarning.of(PostfixWarnings.class, BUNDLE, key, args);
    }
}
