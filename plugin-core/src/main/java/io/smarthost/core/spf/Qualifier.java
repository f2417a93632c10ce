package io.smarthost.core.spf;

/**
 * The result a matching SPF mechanism gives (RFC 7208 section 4.6.2). A mechanism written without a
 * qualifier is {@link #PASS}.
 *
 * @since 1.0
 */
public enum Qualifier {
    PASS('+'), FAIL('-'), SOFTFAIL('~'), NEUTRAL('?');

    private final char symbol;

    Qualifier(char symbol) {
        this.symbol = symbol;
    }

    public char symbol() {
        return symbol;
    }

    /** The qualifier written as {@code c}, or empty when {@code c} is not a qualifier character. */
    static java.util.Optional<Qualifier> of(char c) {
        for (Qualifier q : values()) {
            if (q.symbol == c) {
                return java.util.Optional.of(q);
            }
        }
        return java.util.Optional.empty();
    }
}
