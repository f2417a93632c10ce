package io.smarthost.core.relay;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One sender address ({@code alice@example.com}) that may have a relay of its own, in the form the
 * mail server looks it up: lower case (Postfix folds the keys of its tables), the domain in ASCII.
 *
 * <p>Only dot-atom local parts are accepted (letters, digits and {@code ! $ % & ' * + - / = ? ^ _ ` { | } ~},
 * dots between them): a quoted local part may hold spaces, which end a lookup table's key, and a
 * {@code #} at the start of a table line makes it a comment. Non-ASCII local parts (SMTPUTF8) are refused.
 *
 * @param localPart the part before {@code @}, lower case
 * @param domain    the domain, lower-case ASCII
 * @since 1.3
 */
public record SenderAddress(String localPart, String domain) {
    /** Longest local part (RFC 5321 4.5.3.1.1). */
    public static final int MAX_LOCAL = 64;
    /** Longest address (a path is at most 256 octets with its angle brackets). */
    public static final int MAX_ADDRESS = 254;

    public SenderAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
    }

    /** Why a typed address is refused: the key of its message in {@code ValidationMessages}. */
    public enum Problem {
        REQUIRED("smarthost.sender.required"),
        NO_AT("smarthost.sender.noAt"),
        LOCAL_EMPTY("smarthost.sender.localEmpty"),
        LOCAL_TOO_LONG("smarthost.sender.localTooLong"),
        LOCAL_CHARACTERS("smarthost.sender.localCharacters"),
        LOCAL_DOTS("smarthost.sender.localDots"),
        DOMAIN_INVALID("smarthost.sender.domainInvalid"),
        TOO_LONG("smarthost.sender.tooLong");

        private final String messageKey;

        Problem(String messageKey) {
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    /** A typed address refused, with the reason. */
    public static final class InvalidException extends IllegalArgumentException {
        private final Problem problem;

        public InvalidException(Problem problem) {
            super(problem.messageKey());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /**
     * Parses an address as typed (surrounding spaces dropped, any case, a Unicode domain).
     *
     * @throws InvalidException naming what is wrong
     */
    public static SenderAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidException(Problem.REQUIRED);
        }
        String t = text.strip();
        int at = t.lastIndexOf('@');
        if (at < 0) {
            throw new InvalidException(Problem.NO_AT);
        }
        String local = t.substring(0, at).toLowerCase(Locale.ROOT);
        localProblem(local).ifPresent(p -> {
            throw new InvalidException(p);
        });
        String domain;
        try {
            domain = HostSyntax.dnsName(t.substring(at + 1));
        } catch (RuntimeException e) {
            throw new InvalidException(Problem.DOMAIN_INVALID);
        }
        if (domain.isEmpty() || domain.indexOf('.') < 0) {
            throw new InvalidException(Problem.DOMAIN_INVALID);
        }
        SenderAddress a = new SenderAddress(local, domain.toLowerCase(Locale.ROOT));
        if (a.address().length() > MAX_ADDRESS) {
            throw new InvalidException(Problem.TOO_LONG);
        }
        return a;
    }

    /** Whether {@code text} looks like an address (has an {@code @}); for lookups that take a domain or an address. */
    public static boolean looksLikeAddress(String text) {
        return text != null && text.indexOf('@') >= 0;
    }

    static Optional<Problem> localProblem(String local) {
        if (local.isEmpty()) {
            return Optional.of(Problem.LOCAL_EMPTY);
        }
        if (local.length() > MAX_LOCAL) {
            return Optional.of(Problem.LOCAL_TOO_LONG);
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || "!$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
            if (!ok) {
                return Optional.of(Problem.LOCAL_CHARACTERS);
            }
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return Optional.of(Problem.LOCAL_DOTS);
        }
        return Optional.empty();
    }

    /** {@code local@domain}, as written in the mail server's tables. */
    public String address() {
        return localPart + "@" + domain;
    }

    /** The address with the domain in Unicode, for people. */
    public String display() {
        return localPart + "@" + HostSyntax.toUnicode(domain);
    }

    @Override
    public String toString() {
        return address();
    }
}
