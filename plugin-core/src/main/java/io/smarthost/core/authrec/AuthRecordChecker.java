package io.smarthost.core.authrec;

import io.smarthost.core.spf.SpfChecker;
import io.smarthost.core.spf.SpfSettings;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Live checks of domain-authentication records with dnsjava, with the resolver and timeout of the SPF
 * check ({@code [mail] smarthost.spf.resolver}, {@code smarthost.spf.timeout_ms}): straight to that
 * resolver, no cache. A CNAME is found when the name's CNAME points to the target (case and final dot
 * aside); a TXT when one of the name's texts is the record's (spaces aside for DKIM and DMARC). Another
 * CNAME target, a CNAME where a TXT is expected, or another value of the same kind (a second DKIM key
 * at the selector) is {@code DIFFERENT}. Thread-safe.
 *
 * @since 1.3
 */
public final class AuthRecordChecker {
    private final Resolver resolver;
    private final SpfSettings settings;

    public AuthRecordChecker(Resolver resolver, SpfSettings settings) {
        this.resolver = resolver;
        this.settings = settings;
        resolver.setTimeout(settings.timeout());
    }

    /** @throws IllegalArgumentException when the configured resolver's host name does not resolve */
    public static AuthRecordChecker create(SpfSettings settings) {
        return new AuthRecordChecker(SpfChecker.createResolver(settings), settings);
    }

    public SpfSettings settings() {
        return settings;
    }

    public RecordCheck check(AuthRecord record) {
        Name qname;
        try {
            qname = Name.fromString(record.name(), Name.root);
        } catch (TextParseException e) {
            return new RecordCheck(record, RecordCheck.State.FAILED, List.of(), "not a DNS name: " + e.getMessage());
        }
        int qtype = record.type() == AuthRecordType.CNAME ? Type.CNAME : Type.TXT;
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(qname, qtype, DClass.IN)));
        } catch (SocketTimeoutException e) {
            return failed(record, "timeout after " + settings.timeout().toMillis() + " ms");
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return failed(record, why.toLowerCase(Locale.ROOT).contains("timed out")
                    ? "timeout after " + settings.timeout().toMillis() + " ms" : why);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new RecordCheck(record, RecordCheck.State.MISSING, List.of(), "");
        }
        if (rcode != Rcode.NOERROR) {
            return failed(record, Rcode.string(rcode));
        }
        List<String> cnames = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof CNAMERecord c && r.getName().equals(qname)) {
                cnames.add(host(c.getTarget()));
            } else if (r instanceof TXTRecord t) {
                texts.add(joined(t));
            }
        }
        return record.type() == AuthRecordType.CNAME ? cname(record, cnames) : txt(record, cnames, texts);
    }

    private static RecordCheck cname(AuthRecord record, List<String> cnames) {
        if (cnames.isEmpty()) {
            return new RecordCheck(record, RecordCheck.State.MISSING, List.of(), "");
        }
        return new RecordCheck(record, cnames.contains(record.value()) ? RecordCheck.State.FOUND : RecordCheck.State.DIFFERENT,
                cnames, "");
    }

    private static RecordCheck txt(AuthRecord record, List<String> cnames, List<String> texts) {
        if (texts.stream().anyMatch(t -> TxtText.same(record.value(), t)) && cnames.isEmpty()) {
            return new RecordCheck(record, RecordCheck.State.FOUND, texts, "");
        }
        if (!cnames.isEmpty()) {
            // a CNAME at the name: its TXT records are the target's, and nothing else may live there
            return new RecordCheck(record, RecordCheck.State.DIFFERENT, cnames.stream().map(c -> "CNAME " + c).toList(), "");
        }
        boolean clash = texts.stream().anyMatch(t -> TxtText.clashes(record.value(), t));
        return new RecordCheck(record, clash ? RecordCheck.State.DIFFERENT : RecordCheck.State.MISSING, texts, "");
    }

    private static RecordCheck failed(AuthRecord record, String reason) {
        return new RecordCheck(record, RecordCheck.State.FAILED, List.of(), reason);
    }

    private static String host(Name name) {
        String s = name.toString().toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String joined(TXTRecord txt) {
        StringBuilder sb = new StringBuilder();
        for (byte[] part : txt.getStringsAsByteArrays()) {
            sb.append(new String(part, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
