package io.smarthost.core.authrec;

import io.smarthost.core.authrec.AuthRecordProblem.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads records pasted from a relay service's dashboard, one per line, in the forms the dashboards and
 * DNS tools use:
 * <ul>
 *   <li>{@code name type value}, separated by spaces ({@code s1._domainkey.example.com CNAME s1.domainkey.u1.wl.sendgrid.net});</li>
 *   <li>tab-separated columns copied from a table, in either order {@code type name value} or
 *       {@code name type value}; a header row ({@code Type  Host  Value}) and columns after the value are skipped;</li>
 *   <li>zone-file lines: {@code name [ttl] [IN] type value}, a TXT value in quoted strings
 *       ({@code "k=rsa; " "p=MIGf..."}), {@code ;} comments.</li>
 * </ul>
 * Blank lines and lines starting with {@code #} or {@code ;} are skipped. Positions are 1-based line
 * numbers. Nothing is validated here but the shape: {@link AuthRecordRules} judges the values.
 *
 * @since 1.3
 */
public final class AuthRecordPaste {
    /** A paste longer than this is refused before reading (20 records of 2048 characters fit easily). */
    public static final int MAX_CHARS = 64 * 1024;
    private static final Set<String> TYPES = Set.of("CNAME", "TXT", "MX", "A", "AAAA", "NS", "SRV", "CAA", "PTR", "SPF");
    private static final Set<String> HEADER_WORDS = Set.of("type", "host", "hostname", "name", "value", "data",
            "record", "points", "to", "content", "target", "status", "ttl", "priority", "current", "enter", "this",
            "dns", "records", "verified", "state");

    /** The lines read, and the lines that could not be read. */
    public record Parsed(List<AuthRecordRules.Candidate> candidates, List<AuthRecordProblem> problems) {
        public Parsed {
            candidates = List.copyOf(candidates);
            problems = List.copyOf(problems);
        }
    }

    private AuthRecordPaste() {
    }

    public static Parsed parse(String text) {
        List<AuthRecordRules.Candidate> out = new ArrayList<>();
        List<AuthRecordProblem> problems = new ArrayList<>();
        if (text.length() > MAX_CHARS) {
            problems.add(AuthRecordProblem.of(Code.TOO_MANY, -1, "", text.length() + " characters", MAX_CHARS + " characters"));
            return new Parsed(out, problems);
        }
        String[] lines = text.split("\\r?\\n|\\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            List<Token> tokens = line.contains("\t") ? columns(lines[i]) : words(line);
            int t = typeIndex(tokens);
            if (t < 0) {
                if (!header(tokens)) {
                    problems.add(AuthRecordProblem.of(Code.LINE_UNREADABLE, number, "", AuthRecordRules.clean(line)));
                }
                continue;
            }
            AuthRecordRules.Candidate c = candidate(number, line, tokens, t, line.contains("\t"));
            if (c == null) {
                problems.add(AuthRecordProblem.of(Code.LINE_UNREADABLE, number, "", AuthRecordRules.clean(line)));
            } else {
                out.add(c);
            }
        }
        return new Parsed(out, problems);
    }

    private static AuthRecordRules.Candidate candidate(int number, String line, List<Token> tokens, int t, boolean columns) {
        String type = tokens.get(t).text();
        List<Token> before = new ArrayList<>();
        for (Token k : tokens.subList(0, t)) {
            // a zone file's TTL and class between the name and the type
            if (!k.text().matches("\\d+") && !k.text().equalsIgnoreCase("IN")) {
                before.add(k);
            }
        }
        int valueFrom;
        String name;
        if (before.isEmpty()) {
            name = t + 1 < tokens.size() ? tokens.get(t + 1).text() : "";
            valueFrom = t + 2;
        } else if (before.size() == 1) {
            name = before.get(0).text();
            valueFrom = t + 1;
        } else {
            return null; // two words before the type: not a name
        }
        String value;
        if (valueFrom >= tokens.size()) {
            value = "";
        } else if (columns || type.equalsIgnoreCase("CNAME")) {
            value = tokens.get(valueFrom).text();   // one column, or one host name (a status column after it is not part of it)
        } else {
            value = line.substring(tokens.get(valueFrom).start()).strip(); // the rest of the line, spaces kept
        }
        return new AuthRecordRules.Candidate(number, name, type, value);
    }

    private static boolean header(List<Token> tokens) {
        // every word of every column is a column title ("Type", "Host", "Enter This Value"...)
        return !tokens.isEmpty() && tokens.stream().flatMap(k -> java.util.Arrays.stream(k.text().split("\\s+")))
                .map(w -> w.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "")).allMatch(w -> w.isEmpty() || HEADER_WORDS.contains(w));
    }

    private static int typeIndex(List<Token> tokens) {
        for (int i = 0; i < tokens.size() && i < 4; i++) {
            String word = tokens.get(i).text();
            // CNAME and TXT in any case (zone files may say "cname"); other types only as written in upper
            // case, so that the "a" of a sentence is not taken for an A record
            boolean ours = AuthRecordType.parse(word).isPresent();
            if (!tokens.get(i).quoted() && (ours || TYPES.contains(word) && word.equals(word.toUpperCase(Locale.ROOT)))) {
                return i;
            }
        }
        return -1;
    }

    private record Token(String text, int start, boolean quoted) {
    }

    /** Tab-separated columns, empty ones dropped. */
    private static List<Token> columns(String line) {
        List<Token> out = new ArrayList<>();
        int pos = 0;
        for (String cell : line.split("\t", -1)) {
            if (!cell.isBlank()) {
                out.add(new Token(cell.strip(), pos, cell.strip().startsWith("\"")));
            }
            pos += cell.length() + 1;
        }
        return out;
    }

    /** Words separated by spaces; a quoted string (with {@code \"} inside) is one word. */
    private static List<Token> words(String line) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= line.length()) {
                break;
            }
            int start = i;
            boolean quoted = line.charAt(i) == '"';
            if (quoted) {
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    i += line.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(line.length(), i + 1);
            } else {
                while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
            }
            out.add(new Token(line.substring(start, i), start, quoted));
        }
        return out;
    }
}
