package io.smarthost.postfix.srs;

import io.smarthost.core.backend.DesiredState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SRS in Postfix, as postsrsd's own README says (canonical maps read by cleanup), with one addition:
 * the panel's own domains are left alone. postsrsd rewrites every sender outside its SRS domain, and
 * cleanup rewrites before any routing, so without it the mail of every hosted domain would leave as
 * {@code SRS0=...@srs-domain} (and a domain's own relay, chosen by sender domain, would no longer apply).
 * A {@code regexp:} table maps those senders to themselves, which ends the lookup before postsrsd: Postfix
 * tries each key form (the full address first) across all tables of the list in turn, so a {@code hash:}
 * table keyed {@code @domain} would be asked too late.
 */
public final class SrsRendering {

    /** The table of senders never rewritten: the panel's domains and aliases. */
    public static final String EXCLUDE_FILE = "srs_exclude";

    /** The main.cf parameters SRS manages, in the order they are written. */
    public static final List<String> PARAMETERS = List.of(
            "sender_canonical_maps", "sender_canonical_classes", "recipient_canonical_maps", "recipient_canonical_classes");

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private SrsRendering() {
    }

    /**
     * The SRS parameters: envelope senders through the exclusions then postsrsd's forward table (envelope only:
     * the From: header the reader sees stays), recipients through its reverse table (envelope, and the To: of
     * bounces and auto-replies).
     */
    public static Map<String, String> parameters(Path mapsDir, SrsDaemon daemon) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sender_canonical_maps", "regexp:" + mapsDir.resolve(EXCLUDE_FILE) + ", " + daemon.forwardTable());
        p.put("sender_canonical_classes", "envelope_sender");
        p.put("recipient_canonical_maps", daemon.reverseTable());
        p.put("recipient_canonical_classes", "envelope_recipient, header_recipient");
        return p;
    }

    /**
     * The exclusion table: one line per local sender domain, {@code /^(.+@example\.com)$/ ${1}}, nested in
     * {@code if} blocks by the domain's first and second character. Postfix tries a regexp table's lines one by
     * one: flat, 10,000 domains cost 26 ms of CPU per lookup here; nested, a lookup tests about 37 + 37 + N/1300
     * patterns (loading the table, once per cleanup process, stays: 0.3 s at 10,000 domains, 2 s at 100,000).
     */
    public static byte[] exclusions(DesiredState desired) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        desired.forEachLocalDomain(d -> {
            String name = d.toLowerCase(java.util.Locale.ROOT);
            if (DOMAIN.matcher(name).matches()) {
                names.add(name); // anything else cannot be a sender domain Postfix sees (IDNs arrive as xn--)
            }
        });
        StringBuilder out = new StringBuilder(64 + names.size() * 40);
        out.append("# Managed by the panel's smarthost feature (SRS): senders of these domains are not rewritten.\n");
        String first = null;
        String second = null;
        for (String name : names) {
            String f = name.substring(0, 1);
            String s = name.length() > 1 ? name.substring(0, 2) : "";
            if (!f.equals(first)) {
                if (second != null && !second.isEmpty()) {
                    out.append("endif\n");
                }
                if (first != null) {
                    out.append("endif\n");
                }
                out.append("if /@").append(escape(f)).append("[^@]*$/\n");
                first = f;
                second = null;
            }
            if (!s.equals(second)) {
                if (second != null && !second.isEmpty()) {
                    out.append("endif\n");
                }
                if (!s.isEmpty()) {
                    out.append("if /@").append(escape(s)).append("[^@]*$/\n");
                }
                second = s;
            }
            out.append("/^(.+@").append(escape(name)).append(")$/ ${1}\n");
        }
        if (second != null && !second.isEmpty()) {
            out.append("endif\n");
        }
        if (first != null) {
            out.append("endif\n");
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String escape(String domainPart) {
        return domainPart.replace(".", "\\.");
    }
}
