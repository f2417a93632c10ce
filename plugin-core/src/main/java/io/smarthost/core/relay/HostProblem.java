package io.smarthost.core.relay;

/**
 * Why a host text was refused. Each problem has a message key {@code smarthost.host.<key>} in the
 * plugin's {@code ValidationMessages} bundles, saying what is allowed.
 */
public enum HostProblem {
    REQUIRED("required"),
    TOO_LONG("tooLong"),
    CONTROL_CHARACTER("controlCharacter"),
    WHITESPACE("whitespace"),
    UNCLOSED_BRACKET("unclosedBracket"),
    MISPLACED_BRACKET("misplacedBracket"),
    TEXT_AFTER_BRACKET("textAfterBracket"),
    EMPTY_BRACKETS("emptyBrackets"),
    BAD_PORT("badPort"),
    INVALID_IPV4("invalidIpv4"),
    INVALID_IPV6("invalidIpv6"),
    NAME_TOO_LONG("nameTooLong"),
    LABEL_TOO_LONG("labelTooLong"),
    EMPTY_LABEL("emptyLabel"),
    BAD_CHARACTER("badCharacter"),
    HYPHEN("hyphen"),
    NUMERIC_TOP_LABEL("numericTopLabel"),
    INVALID_IDN("invalidIdn");

    private final String key;

    HostProblem(String key) {
        this.key = key;
    }

    /** The message key in {@code ValidationMessages*.properties}. */
    public String messageKey() {
        return "smarthost.host." + key;
    }
}
