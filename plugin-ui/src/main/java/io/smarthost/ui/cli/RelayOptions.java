package io.smarthost.ui.cli;

import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.validation.BackupInput;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliStdin;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.Secret;
import io.smarthost.ui.rest.RelayChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The relay options of {@code panel bin smarthost} ({@code -host}, {@code -port}, ...), merged over the
 * stored settings so that {@code --update -enabled false} changes only what is named. Secrets come only
 * from standard input ({@code -password-stdin}); an option that would carry one is refused.
 */
final class RelayOptions {
    static final Set<String> NAMES = Set.of("enabled", "host", "port", "encryption", "verify-certificate", "auth",
            "username", "password-stdin", "provider",
            "backup-host", "backup-port", "backup-login", "backup-username", "backup-password-stdin", "no-backup");
    /** Option names people try for a secret; each is refused with the way to do it. */
    private static final Set<String> SECRET_OPTIONS = Set.of("password", "passwd", "pass", "secret", "api-key", "apikey");
    /** Service field name to the CLI option that sets it, for error messages. */
    static final Map<String, String> OPTION_OF_FIELD = Map.of("enabled", "-enabled", "host", "-host", "port", "-port",
            "encryption", "-encryption", "verifyCertificate", "-verify-certificate", "authentication", "-auth",
            "username", "-username", "password", "-password-stdin", "provider", "-provider", "domain", "-domain");
    /** Backup relay fields to their options (since 1.3). */
    private static final Map<String, String> BACKUP_OPTION_OF_FIELD = Map.of("backupHost", "-backup-host",
            "backupPort", "-backup-port", "backupLogin", "-backup-login", "backupUsername", "-backup-username",
            "backupPassword", "-backup-password-stdin");

    private RelayOptions() {
    }

    /** Refuses a secret given as an option, without repeating it. */
    static void refuseSecretOptions(CliArgs args) {
        for (String name : SECRET_OPTIONS) {
            if (args.has(name)) {
                throw new CliUsageException("-" + name + ": a secret is never taken on the command line (process lists and "
                        + "shell history would show it); pipe it on standard input with -password-stdin, e.g. "
                        + "cat key.txt | panel bin smarthost --update ... -password-stdin");
            }
        }
        if (args.options().containsKey("password-stdin")) {
            throw new CliUsageException("-password-stdin takes no value: the secret is read from standard input");
        }
        if (args.options().containsKey("backup-password-stdin")) {
            throw new CliUsageException("-backup-password-stdin takes no value: the secret is read from standard input");
        }
        if (args.has("backup-password")) {
            throw new CliUsageException("-backup-password: a secret is never taken on the command line; pipe it on "
                    + "standard input with -backup-password-stdin");
        }
    }

    static boolean any(CliArgs args) {
        return NAMES.stream().anyMatch(args::has);
    }

    /**
     * The input: {@code base} (stored settings, or nothing) with the given options on top.
     *
     * @throws CliUsageException naming the option
     */
    static RelayInput merge(Optional<RelaySettings> base, CliArgs args, InputStream stdin) {
        return merge(base, args, Secrets.read(args, stdin));
    }

    /**
     * The one input for many domains ({@code --update-domains}): the given options over the domains' saved settings,
     * which must give the same relay for every domain that has settings (domains without any take it, as they take
     * the defaults when none has settings); else nothing is saved and the options whose saved values differ are
     * named. Passwords left out are kept per domain by the change itself.
     *
     * @param saved each domain's saved settings (empty: none), by name
     * @throws CliUsageException naming the options to give, and two domains whose saved values differ
     */
    static RelayInput mergeAll(Map<String, Optional<RelaySettings>> saved, CliArgs args, InputStream stdin) {
        Secrets secrets = Secrets.read(args, stdin);
        // domains of one shared record share its settings object: merged once
        java.util.Map<RelaySettings, RelayInput> byBase = new java.util.IdentityHashMap<>();
        RelayInput first = null;
        String firstDomain = null;
        for (Map.Entry<String, Optional<RelaySettings>> e : saved.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            RelayInput merged = byBase.computeIfAbsent(e.getValue().get(), b -> merge(Optional.of(b), args, secrets));
            if (first == null) {
                first = merged;
                firstDomain = e.getKey();
            } else if (!merged.equals(first)) {
                List<String> differ = differences(first, merged);
                throw new CliUsageException("--update-domains: options left out keep the domains' saved value, and "
                        + firstDomain + " and " + e.getKey() + " differ in " + String.join(", ", differ) + ": give "
                        + (differ.size() == 1 ? "it" : "them") + " to set the same for every domain, or change the "
                        + "domains in groups; nothing was saved");
            }
        }
        return first != null ? first : merge(Optional.empty(), args, secrets);
    }

    /** The options whose values two merged inputs do not share. */
    private static List<String> differences(RelayInput a, RelayInput b) {
        List<String> out = new ArrayList<>();
        add(out, "-enabled", a.enabled(), b.enabled());
        add(out, "-host", a.host(), b.host());
        add(out, "-port", a.port(), b.port());
        add(out, "-encryption", a.encryption(), b.encryption());
        add(out, "-verify-certificate", a.verifyCertificate(), b.verifyCertificate());
        add(out, "-auth", a.authentication(), b.authentication());
        add(out, "-username", a.username(), b.username());
        add(out, "-provider", a.provider(), b.provider());
        if (!java.util.Objects.equals(a.backup(), b.backup())) {
            out.add("the backup relay (-backup-* or -no-backup)");
        }
        return out;
    }

    private static void add(List<String> out, String option, Object a, Object b) {
        if (!java.util.Objects.equals(a, b)) {
            out.add(option);
        }
    }

    /** The secrets of one call, read from standard input once (one of them at most). */
    private record Secrets(Secret password, Secret backupPassword) {
        static Secrets read(CliArgs args, InputStream stdin) {
            if (args.flag("backup-password-stdin") && args.flag("password-stdin") && !args.flag("no-backup")) {
                throw new CliUsageException("-backup-password-stdin: one secret per call on standard input; save the "
                        + "relay's password first, then the backup's with -backup-password-stdin");
            }
            boolean backup = args.flag("backup-password-stdin") && !args.flag("no-backup");
            return new Secrets(args.flag("password-stdin") ? readSecret(stdin) : null, backup ? readSecret(stdin) : null);
        }
    }

    private static RelayInput merge(Optional<RelaySettings> base, CliArgs args, Secrets secrets) {
        RelayInput b = base.map(RelayChecks::asInput).orElse(RelayInput.builder().build());
        // a login given without -auth is used (it was dropped without a word); against -auth false it is refused
        boolean login = args.option("username").filter(u -> !u.isBlank()).isPresent() || secrets.password() != null;
        Optional<Boolean> given = args.bool("auth");
        if (given.filter(on -> !on).isPresent() && login) {
            throw new CliUsageException("-auth false: no login is used; leave -username and -password-stdin out, or give"
                    + " -auth true");
        }
        boolean auth = given.orElse(login || b.authentication());
        String username = args.option("username").orElse(b.username());
        Secret password = secrets.password();
        return new RelayInput(args.bool("enabled").orElse(base.isEmpty() || b.enabled()),
                args.option("host").orElse(b.host()), args.option("port").orElse(b.port()),
                args.option("encryption").orElse(b.encryption()),
                args.bool("verify-certificate").orElse(b.verifyCertificate()), auth, auth ? username : null, password,
                args.option("provider").orElse(b.provider()), backup(b.backup(), args, secrets.backupPassword()));
    }

    /**
     * The backup relay: the stored one with the {@code -backup-*} options on top; {@code -no-backup} removes it.
     * Its own password comes from standard input ({@code -backup-password-stdin}), never with {@code -password-stdin}
     * in the same call (one secret per call on standard input: {@link Secrets#read} refuses both). @since 1.3
     */
    private static BackupInput backup(BackupInput stored, CliArgs args, Secret password) {
        boolean named = args.has("backup-host") || args.has("backup-port") || args.has("backup-login")
                || args.has("backup-username") || args.flag("backup-password-stdin");
        if (args.flag("no-backup")) {
            if (named) {
                throw new CliUsageException("-no-backup removes the backup relay: give no -backup-* option with it");
            }
            return null;
        }
        if (!named) {
            return stored;
        }
        BackupInput b = stored == null ? new BackupInput(null, null, null, null, null) : stored;
        String login = args.option("backup-login").orElse(b.login());
        boolean own = login != null && login.strip().equals("own");
        return new BackupInput(args.option("backup-host").orElse(b.host()), args.option("backup-port").orElse(b.port()),
                login, own ? args.option("backup-username").orElse(b.username()) : args.option("backup-username").orElse(null),
                password);
    }

    /** Reads one line from standard input (the line break is not part of the secret): {@link CliStdin}'s rules. */
    static Secret readSecret(InputStream stdin) {
        return Secret.of(CliStdin.secretLine(stdin, "-password-stdin", "pipe the password or API key, "
                + "e.g. printf '%s\\n' \"$KEY\" | panel bin smarthost ... -password-stdin"));
    }

    /** "host: message" becomes "-host: message". */
    static String describe(FieldError e) {
        return OPTION_OF_FIELD.getOrDefault(e.field(), BACKUP_OPTION_OF_FIELD.getOrDefault(e.field(), e.field()))
                + ": " + e.message();
    }
}
