package io.smarthost.core.delivery;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * A logged failure explained in words, with what to do about it, in English or French
 * ({@code i18n/delivery.properties}, {@code i18n/delivery_fr.properties}).
 *
 * @param kind    what went wrong, a stable word for machines ({@code auth-failed}, {@code timeout}, ...)
 * @param meaning what it means, one sentence
 * @param advice  what to do, one sentence
 */
public record ReplyAdvice(String kind, String meaning, String advice) {
    static final String BUNDLE = "i18n/delivery";

    /** Explains {@code reply} (the logged reason) with its enhanced status code {@code dsn}. */
    public static ReplyAdvice explain(String reply, String dsn, Locale locale) {
        String kind = kind(reply == null ? "" : reply, dsn == null ? "" : dsn);
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale == null ? Locale.ENGLISH : locale,
                ReplyAdvice.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        int code = ReplyCodes.code(reply);
        return new ReplyAdvice(kind, text(bundle, "delivery.kind." + kind + ".meaning", code),
                text(bundle, "delivery.kind." + kind + ".advice", code));
    }

    private static String text(ResourceBundle bundle, String key, int code) {
        try {
            String pattern = bundle.getString(key);
            if (code == 0) {
                // no reply code to show: drop the parenthesis that would name it
                pattern = pattern.replaceAll("\\s*\\([^()]*\\{0\\}\\)", "");
            }
            return MessageFormat.format(pattern, String.valueOf(code));
        } catch (MissingResourceException e) {
            return key;
        }
    }

    /** The kind of failure, from the words Postfix and common relays use, then from the codes. */
    static String kind(String reply, String dsn) {
        String r = reply.toLowerCase(Locale.ROOT);
        int code = ReplyCodes.code(reply);
        String enhanced = dsn.isEmpty() ? ReplyCodes.enhanced(reply) : dsn;
        if (r.contains("no worthy mechs") || r.contains("no mechanism available")) {
            return "sasl-mechanisms";
        }
        if (r.contains("sasl authentication failed") || code == 535 || enhanced.equals("5.7.8")) {
            return "auth-failed";
        }
        if (code == 530 || r.contains("authentication required")) {
            return "auth-required";
        }
        if (r.contains("relay access denied") || r.contains("relaying denied") || r.contains("not permitted to relay")) {
            return "relay-denied";
        }
        if ((code == 550 || code == 553 || code == 554 || enhanced.startsWith("5.7."))
                && (r.contains("sender") || r.contains("from address") || r.contains("not verified")
                || r.contains("identity"))) {
            return "sender-refused";
        }
        if (r.contains("connection refused")) {
            return "connection-refused";
        }
        if (r.contains("timed out") || r.contains("timeout")) {
            return "timeout";
        }
        if (r.contains("tls") || r.contains("ssl") || r.contains("certificate") || r.contains("wrong version number")
                || r.contains("handshake")) {
            return "tls";
        }
        if (r.contains("host or domain name not found") || r.contains("name service error")
                || r.contains("host not found")) {
            return "dns";
        }
        if (r.contains("network is unreachable") || r.contains("no route to host")) {
            return "network";
        }
        if (r.contains("lost connection")) {
            return "lost-connection";
        }
        if (r.contains("rate") || r.contains("too many") || r.contains("limit") || r.contains("quota")
                || r.contains("throttl")) {
            return "rate-limited";
        }
        if (code == 552 || enhanced.equals("5.3.4") || r.contains("too big") || r.contains("size")) {
            return "too-big";
        }
        if (enhanced.startsWith("5.1.") || r.contains("user unknown") || r.contains("mailbox unavailable")
                || r.contains("no such user")) {
            return "recipient-unknown";
        }
        if (code == 250 || enhanced.startsWith("2.")) {
            return "accepted";
        }
        if (code >= 500 || enhanced.startsWith("5.")) {
            return "permanent";
        }
        return "temporary";
    }
}
