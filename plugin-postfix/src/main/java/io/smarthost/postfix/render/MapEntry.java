package io.smarthost.postfix.render;

/**
 * One line of a lookup table: {@code key value}. {@link #toString()} hides the value, which may be a
 * secret; {@link #line()} is for our own file writes and postmap's standard input only.
 */
public record MapEntry(String key, String value) {

    public String line() {
        return key + " " + value + "\n";
    }

    @Override
    public String toString() {
        return "MapEntry[" + key + "]";
    }
}
