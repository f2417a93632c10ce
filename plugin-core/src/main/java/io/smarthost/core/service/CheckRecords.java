package io.smarthost.core.service;

import io.smarthost.core.check.CheckReport;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Instant;
import java.util.Optional;

/**
 * The last connection check of each scope ({@link CheckRecord}, key {@link StoreKeys#check}), kept
 * only for the relay that is saved, and shown only while the saved settings still name it.
 */
final class CheckRecords {
    private final SettingsStore store;

    CheckRecords(SettingsStore store) {
        this.store = store;
    }

    /** The last check of the relay saved for {@code scope} (canonical); empty when none concerns it. */
    Optional<CheckRecord> last(Scope scope) {
        return last(scope, SharedRelays.settings(store::get, scope));
    }

    /** As {@link #last(Scope)}, for a caller that has just read the scope's saved settings. */
    Optional<CheckRecord> last(Scope scope, Optional<RelaySettings> saved) {
        if (saved.isEmpty()) {
            return Optional.empty(); // no check concerns settings that are not there: nothing to read
        }
        return store.get(StoreKeys.check(scope)).map(RelayCodec::readCheck).filter(c -> c.concerns(saved.get()));
    }

    /**
     * Keeps {@code report} as the last check of {@code scope} (canonical) when {@code checked} is what
     * is saved for it (see {@link SavedRelayMatch}).
     *
     * @return whether it was kept
     */
    boolean record(Scope scope, RelayInput checked, CheckReport report, Instant time) {
        return store.inTransaction(tx -> {
            Optional<RelaySettings> saved = SharedRelays.settings(tx::get, scope);
            if (saved.isEmpty() || !SavedRelayMatch.matches(saved.get(), checked,
                    () -> SharedRelays.secret(tx, scope))) {
                return false;
            }
            tx.put(StoreKeys.check(scope), RelayCodec.write(CheckRecord.of(report, time,
                    CheckRecord.CheckedRelay.of(saved.get()))));
            return true;
        });
    }
}
