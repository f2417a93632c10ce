package io.smarthost.core.authrec;

import java.util.List;
import java.util.Objects;

/**
 * Something wrong with a record typed or pasted, for people ({@link AuthRecordText#problem}).
 *
 * @param code     what is wrong; message key {@code authrec.problem.<CODE>}
 * @param position where: the 1-based line of a paste, or the 0-based index of a record in a list;
 *                 -1 for the list as a whole
 * @param field    {@code name}, {@code type} or {@code value}; empty for the whole record or list
 * @param args     fill the message's {@code {0}}, {@code {1}}...
 * @since 1.3
 */
public record AuthRecordProblem(Code code, int position, String field, List<String> args) {

    /** The problems. */
    public enum Code {
        LINE_UNREADABLE, TYPE_MISSING, TYPE_UNSUPPORTED, TYPE_NOT_USED_BY_PROVIDER, NAME_MISSING, NAME_SYNTAX,
        NAME_NOT_UNDER_DOMAIN, NAME_AMBIGUOUS, CNAME_AT_APEX, VALUE_MISSING, TARGET_SYNTAX, TARGET_IS_ADDRESS,
        TARGET_IS_ITSELF, TXT_TOO_LONG, TXT_NOT_PRINTABLE, SPF_AT_APEX, DUPLICATE, CNAME_BESIDE_OTHER, TOO_MANY
    }

    public AuthRecordProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(field, "field");
        args = List.copyOf(args);
    }

    static AuthRecordProblem of(Code code, int position, String field, Object... args) {
        return new AuthRecordProblem(code, position, field, java.util.Arrays.stream(args).map(String::valueOf).toList());
    }
}
