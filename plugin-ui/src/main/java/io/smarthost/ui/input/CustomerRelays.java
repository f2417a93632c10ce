package io.smarthost.ui.input;

import io.smarthost.core.check.CheckGuard;
import io.smarthost.core.check.CheckRefusedException;
import io.smarthost.core.check.Requester;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.core.service.BackupSettings;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.service.RelayValidationException;
import io.smarthost.core.service.SenderRelayRow;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.ResolvedBackup;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.panel.api.PanelUser;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.FeatureGate;
import io.smarthost.ui.SmarthostChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a customer may save as a relay, on the pages and through REST alike: the ports and addresses a check
 * allows them ({@link CheckGuard#admitSaved}), for the relay and its backup. An address that is the one already
 * saved for this domain or sender is not judged again: a relay an administrator set (on port 8025, say), or one
 * saved before this rule, stays theirs to keep, turn off or change the password of; a new address is judged,
 * whether the relay is turned on or off (off, then on, would otherwise pass anything). Refusals are field errors
 * ({@code host}, {@code port}, {@code backupHost}, {@code backupPort}) in the customer's language; nothing is saved.
 * Administrators save anything.
 */
public final class CustomerRelays {

    private CustomerRelays() {
    }

    /**
     * @param sender the sender address for a sender's relay, empty for the domain's own
     * @throws RelayValidationException when a customer may not save this relay
     */
    public static void admit(HostServices host, PanelUser user, SmarthostService service, String domain,
                             Optional<String> sender, RelayInput input) {
        if (user.isAdmin()) {
            return;
        }
        ResolvedInput resolved;
        try {
            // the addresses alone, defaults filled in; no secret is needed to judge them
            resolved = ResolvedInput.of(input);
        } catch (IllegalArgumentException e) {
            return; // input the save refuses itself, in its own words, before anything is written
        }
        Optional<RelaySettings> stored = stored(service, domain, sender);
        CheckGuard guard = SmarthostChecks.checker(host).guard();
        Requester requester = Requester.customer(user.login(), new FeatureGate(host).domainLevel(), Set.of());
        List<FieldError> errors = new ArrayList<>();
        Optional<RelayAddress> kept = stored.flatMap(RelaySettings::address);
        resolved.address().filter(a -> !kept.equals(Optional.of(a)))
                .flatMap(a -> refusal(guard, requester, a, "host", "port", user.locale())).ifPresent(errors::add);
        Optional<RelayAddress> keptBackup = stored.flatMap(RelaySettings::backup).map(BackupSettings::address);
        resolved.backup().map(ResolvedBackup::address).filter(a -> !keptBackup.equals(Optional.of(a)))
                .flatMap(a -> refusal(guard, requester, a, "backupHost", "backupPort", user.locale())).ifPresent(errors::add);
        if (!errors.isEmpty()) {
            throw new RelayValidationException(errors);
        }
    }

    private static Optional<RelaySettings> stored(SmarthostService service, String domain, Optional<String> sender) {
        try {
            return sender.isPresent() ? service.sender(domain, sender.get()).map(SenderRelayRow::settings)
                    : service.domain(domain).settings();
        } catch (RuntimeException e) {
            return Optional.empty(); // an unknown domain or a bad address: the save says so; nothing is kept
        }
    }

    private static Optional<FieldError> refusal(CheckGuard guard, Requester requester, RelayAddress address, String hostField,
                                                String portField, Locale locale) {
        try {
            guard.admitSaved(requester, address);
            return Optional.empty();
        } catch (CheckRefusedException e) {
            String field = e.reason() == CheckRefusedException.Reason.PORT_NOT_ALLOWED ? portField : hostField;
            return Optional.of(new FieldError(field, e.message(locale)));
        }
    }
}
