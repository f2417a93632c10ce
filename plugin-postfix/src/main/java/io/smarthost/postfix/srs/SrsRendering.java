package io.smarthost.postfix.srs;

import io.smarthost.core.backend.DesiredState;
import java.io.ByteArrayOutputStream;
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

    /** The exclusion table: one line per local sender domain, {@code /^(.+@example\.com)$/ ${1}}. */
    public static byte[] exclusions(DesiredState desired) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 12);
        out.writeBytes(("# Managed by the panel's smarthost feature (SRS): senders of these domains are not rewritten.\n")
                .getBytes(StandardCharsets.US_ASCII));
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        desired.forEachLocalDomain(d -> {
            String name = d.toLowerCase(java.util.Locale.ROOT);
            if (DOMAIN.matcher(name).matches()) {
                names.add(name); // anything else cannot be a sender domain Postfix sees (IDNs arrive as xn--)
            }
        });
        for (String name : names) {
            out.writeBytes(("/^(.+@" + name.replace(".", "\\.") + ")$/ ${1}\n").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
