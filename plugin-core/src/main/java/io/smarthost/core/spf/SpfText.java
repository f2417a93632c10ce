package io.smarthost.core.spf;

import io.smarthost.core.i18n.BundleText;
import java.util.Locale;

/**
 * Texts for people from this package's bundle {@code i18n/spf} (English, {@code spf_fr} French).
 * Arguments fill {@code {0}}, {@code {1}}... literally (no MessageFormat quoting rules, so French
 * apostrophes need no doubling). A missing key comes back as the key.
 *
 * @since 1.0
 */
public final class SpfText {

    private static final String BUNDLE = "i18n.spf";
    private final BundleText bundle;

    private SpfText(BundleText bundle) {
        this.bundle = bundle;
    }

    public static SpfText forLocale(Locale locale) {
        return new SpfText(BundleText.load(BUNDLE, locale, SpfText.class));
    }

    public static SpfText english() {
        return forLocale(Locale.ROOT);
    }

    public String get(String key, Object... args) {
        return bundle.get(key, args);
    }

    public String problem(SpfProblem problem) {
        return get(problem.messageKey(), problem.args().toArray());
    }

    public String state(SpfState state) {
        return get("spf.state." + state.name());
    }

    public String action(SpfAction action) {
        return get("spf.action." + action.name());
    }

    public String result(ApplyOutcome.Result result) {
        return get("spf.result." + result.name());
    }
}
