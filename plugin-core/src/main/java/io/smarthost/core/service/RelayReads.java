package io.smarthost.core.service;

import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.relay.HostSyntax;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** What is stored for a scope and where its mail goes; never a secret, except to the connection check's relay. */
final class RelayReads {
    private final HostServices host;
    private final SettingsStore store;
    private final CheckRecords checks;
    private final InputChecks inputs;
    private final Clock clock;

    RelayReads(HostServices host, CheckRecords checks, InputChecks inputs, Clock clock) {
        this.host = host;
        this.store = host.store();
        this.checks = checks;
        this.inputs = inputs;
        this.clock = clock;
    }

    /** A scope's own stored settings, enabled or not. */
    Optional<RelaySettings> settings(Scope scope) {
        return SharedRelays.settings(store::get, scope);
    }

    /**
     * Many domains' own stored settings, in one transaction, 1,000 rows per read; a shared record is read and
     * parsed once for all the domains that name it.
     */
    java.util.Map<String, Optional<RelaySettings>> settingsOf(List<Scope> domains) {
        return store.inTransaction(tx -> {
            java.util.Map<String, Optional<RelaySettings>> records = new java.util.HashMap<>();
            java.util.Map<String, Optional<RelaySettings>> out = new java.util.LinkedHashMap<>();
            for (int from = 0; from < domains.size(); from += 1000) {
                List<Scope> chunk = domains.subList(from, Math.min(domains.size(), from + 1000));
                java.util.Map<String, String> rows = tx.getAll(chunk.stream().map(StoreKeys::settings).toList());
                for (Scope scope : chunk) {
                    String row = rows.get(StoreKeys.settings(scope));
                    out.put(scope.domain().orElseThrow(), row == null ? Optional.empty()
                            : SharedRelays.isShared(row) ? records.computeIfAbsent(row, r -> SharedRelays.ofRow(tx::get, r))
                            : SharedRelays.ofRow(tx::get, row));
                }
            }
            return out;
        });
    }

    RelayView server() {
        Optional<RelaySettings> own = settings(Scope.SERVER);
        return new RelayView(Scope.SERVER, "", own, own.filter(RelaySettings::active).isPresent()
                ? RelayLevel.SERVER : RelayLevel.DIRECT, own.filter(RelaySettings::active), checks.last(Scope.SERVER, own));
    }

    RelayView domain(ResolvedScope domain) {
        Scope scope = domain.scope();
        Optional<RelaySettings> own = settings(scope);
        Optional<RelaySettings> server = settings(Scope.SERVER).filter(RelaySettings::active);
        RelayLevel level = own.filter(RelaySettings::active).isPresent() ? RelayLevel.DOMAIN
                : server.isPresent() ? RelayLevel.SERVER : RelayLevel.DIRECT;
        Optional<RelaySettings> effective = level == RelayLevel.DOMAIN ? own : server;
        return new RelayView(scope, HostSyntax.toUnicode(scope.domain().get()), own, level, effective,
                checks.last(scope, own));
    }

    /** Where mail from {@code senderDomain} goes; empty text for a bounce. */
    EffectiveRelay effectiveFor(String senderDomain) {
        String sender = senderDomain == null || senderDomain.isBlank() ? "" : DomainNames.ascii(senderDomain);
        return store.inTransaction(tx -> EffectiveRelay.resolve(new StoreDesiredState(tx, host.domains()), sender));
    }

    /** The enabled relay of one sender address as the backend receives it (with its secret); empty when it has none. */
    Optional<Relay> senderRelay(String address) {
        return store.inTransaction(tx -> new StoreDesiredState(tx, host.domains()).sender(address));
    }

    List<FieldError> validate(Scope scope, RelayInput input, BackendSelection sel) {
        return inputs.errors(scope, input, settings(scope), sel);
    }

    /**
     * The relay a connection check of unsaved input talks to; the stored secret only for the relay
     * and login it was saved with. Empty when the input names no host.
     */
    Optional<Relay> relayFor(Scope scope, RelayInput input, BackendSelection sel) {
        RelayInput asChecked = input.withEnabled(false);
        for (int attempt = 1; ; attempt++) {
            Optional<RelaySettings> stored = settings(scope);
            List<FieldError> errors = inputs.errors(scope, asChecked, stored, sel);
            if (!errors.isEmpty()) {
                throw new RelayValidationException(errors);
            }
            ResolvedInput r = ResolvedInput.of(asChecked);
            if (r.address().isEmpty()) {
                return Optional.empty();
            }
            // The validator refused a blank password for a relay other than the saved one; checked again
            // here because handing the secret to the wrong server cannot be undone.
            boolean reuse = r.authentication() && r.password().isEmpty()
                    && stored.flatMap(InputChecks::storedLogin).filter(l -> l.sameRelayAndLogin(r)).isPresent();
            boolean reuseBackup = r.backup().filter(b -> b.ownLogin() && b.password().isEmpty()).isPresent()
                    && stored.flatMap(RelaySettings::backup).filter(s -> s.ownLogin() && s.secretSet()
                    && s.address().equals(r.backup().get().address())
                    && s.username().equals(r.backup().get().username())).isPresent();
            Stored secrets = reuse || reuseBackup ? store.inTransaction(tx -> new Stored(
                    reuse ? SharedRelays.secret(tx, scope) : Optional.empty(),
                    reuseBackup ? tx.getSecret(StoreKeys.backupSecret(scope)) : Optional.empty(),
                    SharedRelays.settings(tx::get, scope))) : Stored.NONE;
            // the secrets belong to the settings the checks above compared: read after them, the settings are
            // read again; a change saved in between (another relay, another password) makes all be read again
            if ((reuse || reuseBackup) && !secrets.settings().equals(stored)) {
                if (attempt == CONSISTENT_READS) {
                    throw new IllegalStateException("the saved settings of " + scope + " changed " + CONSISTENT_READS
                            + " times while they were read; check again");
                }
                continue;
            }
            Optional<Secret> secret = reuse ? secrets.secret() : r.password();
            RelaySettings settings = new RelaySettings(true, r.address(), r.encryption(), r.verifyCertificate(),
                    r.authentication(), r.username(), secret.isPresent(), r.provider(), clock.instant());
            return settings.toRelay(secret).map(relay -> relay.withBackup(r.backup().map(b -> {
                if (!b.ownLogin()) {
                    return new io.smarthost.core.relay.BackupRelay(b.address(), Optional.empty());
                }
                Optional<Secret> backupSecret = reuseBackup ? secrets.backupSecret() : b.password();
                return new BackupSettings(b.address(), true, b.username(), backupSecret.isPresent()).toBackup(backupSecret);
            })));
        }
    }

    /** Reads of the settings and their secrets for one check, at most. */
    static final int CONSISTENT_READS = 20;

    /** The stored secrets a check reuses, and the settings read after them in the same transaction. */
    private record Stored(Optional<Secret> secret, Optional<Secret> backupSecret, Optional<RelaySettings> settings) {
        static final Stored NONE = new Stored(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
