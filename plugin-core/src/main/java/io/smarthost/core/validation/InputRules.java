package io.smarthost.core.validation;

import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostSyntax;
import io.smarthost.core.relay.HostSyntaxException;
import io.smarthost.core.relay.ParsedHost;
import io.smarthost.panel.api.Secret;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The rules for each input field, as message keys of {@code ValidationMessages}. The constraint
 * validators report them; {@link ResolvedInput} relies on them having passed.
 */
final class InputRules {

    static final int MAX_USERNAME = 256;
    static final int MAX_SECRET = 1024;
    static final int MAX_PORT_TEXT = 16;

    private InputRules() {
    }

    static boolean hasControl(String s) {
        return s != null && s.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Empty when blank (required-ness depends on other fields) or valid. */
    static Optional<String> hostProblem(String host) {
        if (blank(host) && (host == null || host.chars().noneMatch(Character::isISOControl))) {
            return Optional.empty();
        }
        try {
            HostSyntax.parse(host);
            return Optional.empty();
        } catch (HostSyntaxException e) {
            return Optional.of(e.problem().messageKey());
        }
    }

    static Optional<ParsedHost> parsedHost(String host) {
        if (hostProblem(host).isPresent() || blank(host)) {
            return Optional.empty();
        }
        return Optional.of(HostSyntax.parse(host));
    }

    static Optional<String> portProblem(String port) {
        if (port == null || port.isEmpty()) {
            return Optional.empty();
        }
        if (hasControl(port)) {
            return Optional.of("smarthost.port.notNumber");
        }
        String p = port.strip();
        if (p.isEmpty()) {
            return Optional.empty();
        }
        if (p.length() > MAX_PORT_TEXT || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of("smarthost.port.notNumber");
        }
        String digits = p.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 5 || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
            return Optional.of("smarthost.port.range");
        }
        return Optional.empty();
    }

    static OptionalInt port(String port) {
        if (blank(port) || portProblem(port).isPresent()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(port.strip().replaceFirst("^0+(?=.)", "")));
    }

    static Optional<String> encryptionProblem(String encryption) {
        if (blank(encryption) && (encryption == null || encryption.chars().noneMatch(Character::isISOControl))) {
            return Optional.empty();
        }
        return !hasControl(encryption) && Encryption.fromId(encryption).isPresent() ? Optional.empty()
                : Optional.of("smarthost.encryption.invalid");
    }

    static Optional<String> usernameProblem(String username) {
        if (username == null || username.isEmpty()) {
            return Optional.empty();
        }
        if (username.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            return Optional.of("smarthost.username.controlCharacter");
        }
        String u = username.strip();
        if (u.length() > MAX_USERNAME) {
            return Optional.of("smarthost.username.tooLong");
        }
        if (u.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
            return Optional.of("smarthost.username.whitespace");
        }
        if (u.indexOf(':') >= 0) {
            return Optional.of("smarthost.username.colon");
        }
        return Optional.empty();
    }

    /**
     * Exactly what a mail server's password table cannot carry (Postfix: one {@code key user:secret}
     * line per entry; postmap drops trailing whitespace of a value, keeps leading and inner spaces;
     * control characters break or end the line). The Postfix backend checks the same rule again.
     */
    static Optional<String> secretProblem(Secret secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        String s = secret.reveal();
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("smarthost.password.forbiddenCharacter");
        }
        if (Character.isWhitespace(s.charAt(s.length() - 1))) {
            return Optional.of("smarthost.password.trailingWhitespace");
        }
        if (s.length() > MAX_SECRET) {
            return Optional.of("smarthost.password.tooLong");
        }
        return Optional.empty();
    }

    static Optional<String> providerProblem(String provider) {
        if (blank(provider) && (provider == null || provider.chars().noneMatch(Character::isISOControl))) {
            return Optional.empty();
        }
        return !hasControl(provider) && ProviderCatalog.builtIn().isKnown(provider.strip()) ? Optional.empty()
                : Optional.of("smarthost.provider.unknown");
    }
}
