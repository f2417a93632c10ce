package io.smarthost.ui.rest;

import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.CheckRequest;
import io.smarthost.core.check.Requester;
import io.smarthost.core.check.TestMail;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.PanelUser;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.FeatureGate;
import io.smarthost.ui.SmarthostChecks;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Connection checks and test e-mails for the API and the CLI: the relay of a scope (stored, or as typed
 * with the stored secret when none is typed), run through the plugin's one {@link SmarthostChecks}
 * checker as the calling user, predicting the active mail server ({@code mailServerTrust()}), and kept
 * as the scope's last check when what was checked is what is saved.
 */
public final class RelayChecks {
    private final HostServices host;

    public RelayChecks(HostServices host) {
        this.host = host;
    }

    /**
     * @param scope  whose settings (and stored secret) to use; the result is kept as its last check when
     *               {@code record} and the checked settings are the saved ones
     * @param typed  settings to check instead of the stored ones
     * @param mail   a test message to send
     * @throws IllegalArgumentException ("host: ...") when there is no relay to check
     */
    public CheckReport check(Scope scope, Optional<RelayInput> typed, PanelUser user, Optional<TestMail> mail,
                             boolean record) {
        SmarthostService service = SmarthostRuntime.service(host);
        RelayInput input = typed.orElseGet(() -> stored(scope, service));
        Relay relay;
        for (int attempt = 1; ; attempt++) {
            try {
                relay = service.relayFor(scope, input).orElseThrow(() -> new IllegalArgumentException(
                        "host: there is no relay to check: save settings with a host first, or give the settings to check"));
                break;
            } catch (io.smarthost.core.service.RelayValidationException e) {
                // the saved relay, read here, then compared with what is saved by the check's own read: a save
                // landing in between made that answer "type the password again", which nobody had typed
                if (typed.isPresent() || attempt == SAVED_READS) {
                    throw e;
                }
                RelayInput again = stored(scope, service);
                if (again.equals(input)) {
                    throw e;
                }
                input = again; // the save that landed: checked as it is now
            }
        }
        Requester requester = user.isAdmin() ? Requester.admin(user.login())
                : Requester.customer(user.login(), new FeatureGate(host).domainLevel(), Set.of());
        CheckReport report = SmarthostChecks.checker(host).check(
                new CheckRequest(relay, requester, Optional.empty(), Optional.empty(), mail)
                        .forMailServer(service.mailServerTrust()), user.locale());
        if (relay.backup().isPresent() && mail.isEmpty()) {
            // the backup relay is checked the same way (its own login, or the relay's) and reported beside
            CheckReport backup = SmarthostChecks.checker(host).check(
                    new CheckRequest(relay.backup().get().asRelay(relay), requester, Optional.empty(), Optional.empty(),
                            Optional.empty()).forMailServer(service.mailServerTrust()), user.locale());
            report = report.withBackup(backup);
        }
        if (record) {
            service.recordCheck(scope, input, report, Instant.now());
        }
        return report;
    }

    /** Reads of the saved relay for one check, at most, while saves land between them. */
    static final int SAVED_READS = 5;

    /** The stored settings of {@code scope} as input (blank password: the stored secret is used). */
    static RelayInput stored(Scope scope, SmarthostService service) {
        Optional<RelaySettings> s = (scope.isServer() ? service.server() : service.domain(scope.domain().get())).settings();
        return s.map(RelayChecks::asInput).orElseThrow(() -> new IllegalArgumentException(
                "host: " + scope + " has no relay settings to check; save them first, or give the settings to check"));
    }

    /** Stored settings turned back into input (the CLI merges its options over this). */
    public static RelayInput asInput(RelaySettings s) {
        return new RelayInput(s.enabled(), s.address().map(a -> a.hostField(false)).orElse(null),
                s.address().map(a -> Integer.toString(a.port())).orElse(null), s.encryption().id(), s.verifyCertificate(),
                s.authentication(), s.authentication() ? s.username() : null, null,
                s.provider(), s.backup().map(b -> new io.smarthost.core.validation.BackupInput(b.address().hostField(false),
                        Integer.toString(b.address().port()), b.loginChoice(), b.ownLogin() ? b.username() : null, null))
                        .orElse(null));
    }
}
