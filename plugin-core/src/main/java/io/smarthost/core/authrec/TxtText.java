package io.smarthost.core.authrec;

import java.util.Locale;

/**
 * What makes two TXT texts the same record or two values of the same kind (two DKIM keys at one
 * selector, two DMARC policies, two SPF records). The zone-file form is read and written by
 * {@link io.smarthost.core.dns.TxtStrings}.
 */
final class TxtText {
    private TxtText() {
    }

    /** What kind of TXT record a text is: one name holds at most one value of the kinds DKIM, DMARC and SPF. */
    static String kind(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.startsWith("v=dkim1") || t.startsWith("k=rsa") || t.startsWith("k=ed25519") || t.startsWith("p=")
                || t.contains(";p=")) {
            return "DKIM";
        }
        if (t.startsWith("v=dmarc1")) {
            return "DMARC";
        }
        if (t.startsWith("v=spf1")) {
            return "SPF";
        }
        return "";
    }

    /** Whether two texts are the same record: exactly, or for DKIM and DMARC whatever the spaces (they carry no meaning there). */
    static boolean same(String a, String b) {
        if (a.strip().equals(b.strip())) {
            return true;
        }
        String kind = kind(a);
        return !kind.isEmpty() && kind.equals(kind(b)) && (kind.equals("DKIM") || kind.equals("DMARC"))
                && a.replaceAll("\\s+", "").equals(b.replaceAll("\\s+", ""));
    }

    /** Whether {@code existing} is another value of the same kind as {@code wanted} (it would clash). */
    static boolean clashes(String wanted, String existing) {
        String kind = kind(wanted);
        return !kind.isEmpty() && kind.equals(kind(existing)) && !same(wanted, existing);
    }
}
