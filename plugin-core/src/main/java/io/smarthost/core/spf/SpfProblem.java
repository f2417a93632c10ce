package io.smarthost.core.spf;

import java.util.List;
import java.util.Objects;

/**
 * Something worth telling the admin about an SPF record or its check. The text for people is in the
 * bundle {@code i18n/spf}, under {@code spf.problem.<CODE>}, with {@link #args()} filling
 * {@code {0}}, {@code {1}}...; see {@link SpfText}. {@link #toString()} gives an English line for logs.
 *
 * @param code what kind of problem
 * @param args the facts that go into the message (term, domain, count...), never secrets
 * @since 1.0
 */
public record SpfProblem(Code code, List<String> args) {

    /** Kinds of problems; {@link #blocking()} ones stop an automatic change. */
    public enum Code {
        /** The record (with nested includes) needs more than 10 DNS lookups: receivers answer permerror. */
        OVER_LOOKUP_LIMIT(true),
        /** More than one {@code v=spf1} record at the name: receivers answer permerror. */
        MULTIPLE_SPF(true),
        /** A mechanism name RFC 7208 does not define: receivers answer permerror. */
        UNKNOWN_MECHANISM(false),
        /** A modifier ({@code redirect=}, {@code exp=}) written twice: receivers answer permerror. */
        DUPLICATE_MODIFIER(false),
        /** The same mechanism written twice; the merge removed the later copies. */
        DUPLICATE_REMOVED(false),
        /** {@code redirect=} next to an {@code all} mechanism is never used. */
        REDIRECT_IGNORED(false),
        /** Terms after {@code all} are never evaluated. */
        TERMS_AFTER_ALL(false),
        /** The include was there with a qualifier other than pass, or after {@code all}; the merge fixed it. */
        INCLUDE_FIXED(false),
        /** A term uses SPF macros: kept as written, its lookups could not be followed. */
        MACRO_NOT_FOLLOWED(false),
        /** An included or redirected domain publishes no SPF record: receivers answer permerror. */
        TARGET_WITHOUT_SPF(false),
        /** An include/redirect loop. */
        LOOP(false),
        /** A nested lookup failed (timeout, SERVFAIL); the lookup count is a lower bound. */
        NESTED_LOOKUP_FAILED(false),
        /** The walk stopped at its depth or time bound; the lookup count is a lower bound. */
        WALK_INCOMPLETE(false),
        /** The panel's zone and the record the world sees differ (zone not delegated here, or not yet reloaded). */
        ZONE_DIFFERS_FROM_PUBLISHED(false);

        private final boolean blocking;

        Code(boolean blocking) {
            this.blocking = blocking;
        }

        public boolean blocking() {
            return blocking;
        }
    }

    public SpfProblem {
        Objects.requireNonNull(code, "code");
        args = List.copyOf(args);
    }

    public static SpfProblem of(Code code, Object... args) {
        return new SpfProblem(code, java.util.Arrays.stream(args).map(String::valueOf).toList());
    }

    /** The bundle key of this problem's text. */
    public String messageKey() {
        return "spf.problem." + code.name();
    }

    @Override
    public String toString() {
        return SpfText.english().problem(this);
    }
}
