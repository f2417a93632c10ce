package io.smarthost.core.authrec;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Texts for people from the bundle {@code i18n/authrec} (English, {@code authrec_fr} French). Arguments
 * fill {@code {0}}, {@code {1}}... literally. A missing key comes back as the key.
 *
 * @since 1.3
 */
public final class AuthRecordText {
    private static final String BUNDLE = "i18n.authrec";
    private final ResourceBundle bundle;

    private AuthRecordText(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    public static AuthRecordText forLocale(Locale locale) {
        return new AuthRecordText(ResourceBundle.getBundle(BUNDLE, locale, AuthRecordText.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    public String get(String key, Object... args) {
        String text;
        try {
            text = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
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
