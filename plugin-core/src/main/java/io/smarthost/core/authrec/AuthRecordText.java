package io.smarthost.core.authrec;

import io.smarthost.core.i18n.BundleText;
import java.util.Locale;

/**
 * Texts for people from the bundle {@code i18n/authrec} (English, {@code authrec_fr} French). Arguments
 * fill {@code {0}}, {@code {1}}... literally. A missing key comes back as the key.
 *
 * @since 1.3
 */
public final class AuthRecordText {
    private static final String BUNDLE = "i18n.authrec";
    private final BundleText bundle;

    private AuthRecordText(BundleText bundle) {
        this.bundle = bundle;
    }

    public static AuthRecordText forLocale(Locale locale) {
        return new AuthRecordText(BundleText.load(BUNDLE, locale, AuthRecordText.class));
    }

    public String get(String key, Object... args) {
        return bundle.get(key, args);
    }

    /** The problem's sentence, without where it is. */
    public String problem(AuthRecordProblem p) {
        return get("authrec.problem." + p.code().name(), p.args().toArray());
    }

    /** "line 3: ..." for a paste; the sentence alone for the list as a whole. */
    public String onLine(AuthRecordProblem p) {
        return p.position() < 0 ? problem(p) : get("authrec.line", p.position(), problem(p));
    }

    /** "record 2: ..." for a list (1-based for people). */
    public String inList(AuthRecordProblem p) {
        return p.position() < 0 ? problem(p) : get("authrec.item", p.position() + 1, problem(p));
    }

    public String live(RecordCheck.State state) {
        return get("authrec.live." + state.name());
    }

    public String zone(ZoneRecord.State state) {
        return get("authrec.zone." + state.name());
    }

    public String result(ApplyResult.Result result) {
        return get("authrec.result." + result.name());
    }

    /** What the service asks for, e.g. "SendGrid asks for three CNAME records..."; empty when the bundle says nothing. */
    public String providerHint(String providerId) {
        String key = "authrec.provider." + providerId;
        String text = get(key);
        return text.equals(key) ? "" : text;
    }
}
