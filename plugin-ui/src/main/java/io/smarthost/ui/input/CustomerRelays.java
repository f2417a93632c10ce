package io.smarthost.ui.input;

import io.smarthost.core.check.CheckGuard;
import io.smarthost.core.check.CheckRefusedException;
import io.smarthost.core.check.Requester;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.RelayValidationException;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.PanelUser;
import io.smarthost.ui.FeatureGate;
import io.smarthost.ui.SmarthostChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a customer may save as a relay, on the pages and through REST alike: the ports and addresses a check
 * allows them ({@link CheckGuard#admitSaved}), for the relay and its backup. Refusals are field errors of the
 * form ({@code host}, {@code port}, {@code backupHost}, {@code backupPort}), in the customer's language; nothing is
 * saved. Administrators save anything.
 */
public final class CustomerRelays {

    private CustomerRelays() {
    }

    /**
     * @throws RelayValidationException when a customer may not save this relay (and for input the service refuses
     *                                  anyway, its own errors)
     */
    public static void admit(HostServices host, PanelUser user, SmarthostService service, Scope scope, RelayInput input) {
        if (user.isAdmin()) {
            return;
        }
        Optional<Relay> relay;
        try {
            relay = service.relayFor(scope, input);
        } catch (RelayValidationException e) {
            return; // input the save itself refuses, in its own words (or a kept password it reads its own way)
        }
        if (relay.isEmpty()) {
            return;
        }
        CheckGuard guard = SmarthostChecks.checker(host).guard();
        Requester requester = Requester.customer(user.login(), new FeatureGate(host).domainLevel(), Set.of());
        List<FieldError> errors = new ArrayList<>();
        refusal(guard, requester, relay.get().address(), "host", "port", user.locale()).ifPresent(errors::add);
        relay.get().backup().flatMap(b -> refusal(guard, requester, b.address(), "backupHost", "backupPort", user.locale()))
                .ifPresent(errors::add);
        if (!errors.isEmpty()) {
            throw new RelayValidationException(errors);
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
