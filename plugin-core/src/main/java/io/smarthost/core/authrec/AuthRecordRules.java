package io.smarthost.core.authrec;

import io.smarthost.core.authrec.AuthRecordProblem.Code;
import io.smarthost.core.dns.TxtStrings;
import java.net.IDN;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every domain-authentication record passes, whether typed in a form, pasted, sent to the API
 * or read from standard input: names are DNS names under the domain ({@code @} is the domain itself; a
 * name with a label starting with {@code _} or without a dot is taken relative to the domain), a CNAME's
 * target is a host name (not an address, not the name itself, never at the apex), a TXT text is
 * printable ASCII of at most {@value #MAX_TXT} characters (published in strings of 255), the SPF record
 * at the apex is left to the SPF panel, a name has one CNAME and nothing else, and a domain has at most
 * {@value #MAX_RECORDS} records.
 *
 * @since 1.3
 */
public final class AuthRecordRules {
    /** Records per domain: the services ask for 2 to 6; 20 leaves room without making a page of them. */
    public static final int MAX_RECORDS = 20;
    /** A 4096-bit DKIM key is about 740 characters; 2048 is generous and keeps a DNS answer reasonable. */
    public static final int MAX_TXT = 2048;
    private static final int MAX_NAME = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+|[0-9a-f:]*:[0-9a-f:.]*");

    /** A record as typed, before validation. */
    public record Candidate(int position, String name, String type, String value) {
    }

    /** What validation gave: the records (only when there is no problem) and the problems. */
    public record Validated(List<AuthRecord> records, List<AuthRecordProblem> problems) {
        public Validated {
            records = List.copyOf(records);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private AuthRecordRules() {
    }

    /**
     * Validates {@code candidates} for {@code domain} (ASCII, as the panel knows it).
     *
     * @param allowed the types the relay service asks for ({@link AuthRecordKinds}); a type outside is refused
     * @param service the service's name, for the message of a refused type
     */
    public static Validated validate(String domain, List<Candidate> candidates, Set<AuthRecordType> allowed, String service) {
        String apex = domain.strip().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        List<AuthRecordProblem> problems = new ArrayList<>();
        List<AuthRecord> records = new ArrayList<>();
        if (candidates.size() > MAX_RECORDS) {
            problems.add(AuthRecordProblem.of(Code.TOO_MANY, -1, "", candidates.size(), MAX_RECORDS));
        }
        Set<String> seen = new HashSet<>();
        List<Integer> positions = new ArrayList<>();
        for (Candidate c : candidates) {
            int before = problems.size();
            AuthRecord r = one(apex, c, allowed, service, problems);
            if (r == null || problems.size() > before) {
                continue;
            }
            if (!seen.add(r.name() + " " + r.type() + " " + r.value())) {
                problems.add(AuthRecordProblem.of(Code.DUPLICATE, c.position(), "", r.name(), r.type()));
                continue;
            }
            records.add(r);
            positions.add(c.position());
        }
        for (int i = 0; i < records.size(); i++) {
            AuthRecord r = records.get(i);
            if (r.type() == AuthRecordType.CNAME && records.stream().anyMatch(o -> o != r && o.name().equals(r.name()))) {
                problems.add(AuthRecordProblem.of(Code.CNAME_BESIDE_OTHER, positions.get(i), "name", r.name()));
            }
        }
        return new Validated(problems.isEmpty() ? records : List.of(), problems);
    }

    private static AuthRecord one(String apex, Candidate c, Set<AuthRecordType> allowed, String service,
                                  List<AuthRecordProblem> problems) {
        int at = c.position();
        String typeText = c.type() == null ? "" : c.type().strip();
        if (typeText.isEmpty()) {
            problems.add(AuthRecordProblem.of(Code.TYPE_MISSING, at, "type"));
            return null;
        }
        AuthRecordType type = AuthRecordType.parse(typeText).orElse(null);
        if (type == null) {
            problems.add(AuthRecordProblem.of(Code.TYPE_UNSUPPORTED, at, "type", clean(typeText)));
            return null;
        }
        if (!allowed.contains(type)) {
            problems.add(AuthRecordProblem.of(Code.TYPE_NOT_USED_BY_PROVIDER, at, "type", type, service,
                    String.join(", ", allowed.stream().map(Enum::name).sorted().toList())));
        }
        String name = name(apex, c.name(), at, problems);
        String rawValue = c.value() == null ? "" : c.value().strip();
        if (rawValue.isEmpty()) {
            problems.add(AuthRecordProblem.of(Code.VALUE_MISSING, at, "value", type));
            return null;
        }
        String value = type == AuthRecordType.CNAME ? target(rawValue, name, at, problems) : text(rawValue, at, problems);
        if (name == null || value == null) {
            return null;
        }
        if (type == AuthRecordType.CNAME && name.equals(apex)) {
            problems.add(AuthRecordProblem.of(Code.CNAME_AT_APEX, at, "name", apex));
            return null;
        }
        if (type == AuthRecordType.TXT && name.equals(apex) && TxtText.kind(value).equals("SPF")) {
            problems.add(AuthRecordProblem.of(Code.SPF_AT_APEX, at, "value", apex));
            return null;
        }
        return new AuthRecord(name, type, value);
    }

    /** The absolute ASCII name, or null with a problem added. */
    private static String name(String apex, String typed, int at, List<AuthRecordProblem> problems) {
        String raw = typed == null ? "" : typed.strip();
        if (raw.isEmpty()) {
            problems.add(AuthRecordProblem.of(Code.NAME_MISSING, at, "name"));
            return null;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(raw, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            problems.add(AuthRecordProblem.of(Code.NAME_SYNTAX, at, "name", clean(raw)));
            return null;
        }
        boolean explicit = ascii.endsWith(".");
        String n = explicit ? ascii.substring(0, ascii.length() - 1) : ascii;
        if (n.equals("@") || n.isEmpty() && explicit) {
            return apex;
        }
        if (!syntax(n)) {
            problems.add(AuthRecordProblem.of(Code.NAME_SYNTAX, at, "name", clean(raw)));
            return null;
        }
        if (n.equals(apex) || n.endsWith("." + apex)) {
            return n;
        }
        if (explicit) {
            problems.add(AuthRecordProblem.of(Code.NAME_NOT_UNDER_DOMAIN, at, "name", n, apex));
            return null;
        }
        if (!relative(n)) {
            problems.add(AuthRecordProblem.of(Code.NAME_AMBIGUOUS, at, "name", n, apex));
            return null;
        }
        String full = n + "." + apex;
        if (full.length() > MAX_NAME) {
            problems.add(AuthRecordProblem.of(Code.NAME_SYNTAX, at, "name", clean(raw)));
            return null;
        }
        return full;
    }

    /** A name read as relative to the domain: one label, or a label starting with {@code _} ({@code s1._domainkey}). */
    private static boolean relative(String n) {
        return !n.contains(".") || java.util.Arrays.stream(n.split("\\.")).anyMatch(l -> l.startsWith("_"));
    }

    private static boolean syntax(String n) {
        if (n.length() > MAX_NAME) {
            return false;
        }
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String target(String raw, String name, int at, List<AuthRecordProblem> problems) {
        String t = raw.toLowerCase(Locale.ROOT);
        t = t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
        if (NUMERIC.matcher(t).matches() && !t.isEmpty()) {
            problems.add(AuthRecordProblem.of(Code.TARGET_IS_ADDRESS, at, "value", clean(raw)));
            return null;
        }
        if (!syntax(t) || !t.contains(".")) {
            problems.add(AuthRecordProblem.of(Code.TARGET_SYNTAX, at, "value", clean(raw)));
            return null;
        }
        if (t.equals(name)) {
            problems.add(AuthRecordProblem.of(Code.TARGET_IS_ITSELF, at, "value", t));
            return null;
        }
        return t;
    }

    private static String text(String raw, int at, List<AuthRecordProblem> problems) {
        String t = TxtStrings.textBeforeComment(raw);
        if (t.isEmpty()) {
            problems.add(AuthRecordProblem.of(Code.VALUE_MISSING, at, "value", AuthRecordType.TXT));
            return null;
        }
        if (!t.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            problems.add(AuthRecordProblem.of(Code.TXT_NOT_PRINTABLE, at, "value"));
            return null;
        }
        if (t.length() > MAX_TXT) {
            problems.add(AuthRecordProblem.of(Code.TXT_TOO_LONG, at, "value", t.length(), MAX_TXT));
            return null;
        }
        return t;
    }

    /** A value shown back in a message: control characters replaced, long ones cut. */
    static String clean(String s) {
        String c = s.replaceAll("\\p{Cntrl}", "?");
        return c.length() > 80 ? c.substring(0, 77) + "..." : c;
    }
}
