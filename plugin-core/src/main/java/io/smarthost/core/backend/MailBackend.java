package io.smarthost.core.backend;

import io.smarthost.core.delivery.DeliveryReporting;
import io.smarthost.panel.api.Secret;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * A mail server the smarthost feature can configure (Postfix, MailEnable, SmarterMail).
 *
 * <p>Implementations are PF4J extensions; the host creates them with a constructor taking
 * {@link io.smarthost.panel.api.services.HostServices} (or none). The service picks one with
 * {@code panel.ini [mail] smarthost.backend = auto} or the {@link #id()} of an installed backend; {@code auto}
 * takes the first, by {@link #order()}, whose {@link #detect()} is true. {@link #apply}, {@link #inspect},
 * {@link #preview} and {@link #verify} are called with the service's apply lock held, on the caller's
 * thread (web request or CLI), never concurrently for the same backend.
 *
 * <p>A backend that needs settings of its own besides the relays (SmarterMail: the address and
 * administrator login of its web service) describes them with {@link #settingsForm()}; the pages and
 * {@code panel bin smarthost --backend-login} render that form for the selected backend and hand what
 * was typed to {@link #saveSettings}. The UI knows no backend by name.
 */
public interface MailBackend extends ExtensionPoint {

    /**
     * Stable id: {@code postfix}, {@code mailenable}, {@code smartermail}; lower-case letters, digits and
     * hyphens. It is a value of {@code [mail] smarthost.backend}, and names the backend's settings in URLs
     * and commands ({@code …/server/ID}, {@code --ID-login}).
     */
    String id();

    /**
     * Prepares what the first change would otherwise build on the caller's time (indexes of the mail
     * server's tables, for instance), at the panel's start, on a background thread; never changes
     * anything. The default does nothing.
     *
     * @since 1.2
     */
    default void warmUp() {
    }

    /**
     * Where this backend comes in the preference order, lower first: {@code auto} tries backends in this
     * order (then by id), and lists name them in it. Postfix 100, MailEnable 200, SmarterMail 300.
     *
     * @since 1.1
     */
    default int order() {
        return 1000;
    }

    /** Name shown to people, e.g. {@code Postfix}. */
    String displayName();

    /** Whether this server has this mail server (cheap; no side effects). */
    boolean detect();

    /** What this backend can honour; validation refuses the rest, naming this backend. */
    Capabilities capabilities();

    /**
     * Makes the mail server match {@code desired} for what {@code changes} names (everything when
     * {@link ChangeSet#full()}). Atomic: on failure the mail server's configuration is left exactly as
     * it was and a {@link BackendException} names the failing step. Idempotent: applying the same state
     * twice changes nothing.
     */
    ApplyReport apply(DesiredState desired, ChangeSet changes) throws BackendException;

    /**
     * What the mail server has now that concerns relaying, including settings written by hand,
     * duplicates and drift from what we last applied ({@link Inspection#drift()}), and a relay set up
     * by hand as form fields when one is found. Secrets are masked. Called before every update: keep it cheap.
     */
    Inspection inspect() throws BackendException;

    /**
     * Whether {@link #inspect()} would find a relay set up by hand or a drift from the last apply, the two things a
     * change asks about before writing; called before every change, so a backend may answer from what it found
     * last while its files are unchanged. The default inspects.
     */
    default boolean mayTakeOver() throws BackendException {
        Inspection inspection = inspect();
        return inspection.manualRelay() || !inspection.drift().isEmpty();
    }

    /**
     * Side by side: what is there now, and what {@link #apply} would write for {@code desired}.
     * {@link Preview#takesOverManual()} is true when applying would write over settings written by hand
     * (the service then refuses the change until the admin confirms), with {@link Preview#drift()} naming them.
     */
    Preview preview(DesiredState desired) throws BackendException;

    /**
     * {@link #preview(DesiredState)} of a change that concerns {@code changes}: a backend that lists entries one by
     * one also lists those of the sender domains and addresses named there that {@code desired} no longer has (a
     * removal, a disable), which a preview of {@code desired} alone cannot see. The default previews
     * {@code desired}.
     */
    default Preview preview(DesiredState desired, ChangeSet changes) throws BackendException {
        return preview(desired);
    }

    /**
     * Compares {@code desired} with everything the mail server reads (configuration files, lookup
     * tables and their indexes) and names every disagreement, without changing anything. Secrets
     * are compared, never shown. The default says that this backend cannot read its work back.
     *
     * @since 1.1
     */
    default Verification verify(DesiredState desired) throws BackendException {
        return Verification.unsupported(displayName() + " cannot compare its configuration with the store yet");
    }

    /**
     * How the mail server decides to trust a relay's certificate when verification is on: the CA
     * file it is configured with and how names are matched. Called by the connection check before
     * each check, on the request's thread; cheap, no side effects. The default says the panel
     * cannot know ({@link MailServerTrust#unknown}); backends that configure a CA file say which.
     *
     * @since 1.1
     */
    default MailServerTrust certificateTrust() {
        return MailServerTrust.unknown(displayName());
    }

    /**
     * Looks at the live mail server's shape without writing anything: whether each name or endpoint this
     * backend would write exists there, what it would write, and the server's answers with every secret
     * removed ({@link Probe}), for {@code panel bin smarthost --probe}. Called on the CLI's thread; may reach
     * the mail server. The default says that this backend has nothing to probe.
     *
     * @param domain a sender domain whose mail-server settings to read as well, when the backend has such
     * @since 1.2
     */
    default Probe probe(Optional<String> domain) throws BackendException {
        return new Probe(displayName(), List.of(new Probe.Finding("probe", Probe.Status.INFO,
                displayName() + " has no assumptions to probe")), List.of());
    }

    /**
     * The settings this backend needs besides the relays, with their current values (never a secret), for
     * the server page (admins) and the CLI. Called on the request's or the CLI's thread whenever the page is
     * shown: cheap, no side effects (read the plugin's store and panel.ini, do not reach the mail server).
     * Empty (the default): the backend needs nothing else.
     *
     * @since 1.1
     */
    default Optional<SettingsForm> settingsForm() {
        return Optional.empty();
    }

    /**
     * Checks and stores the values of {@link #settingsForm()}'s fields, typed by an admin on the server page
     * or given to {@code panel bin smarthost --backend-login}: text fields in {@code values}, secret ones in
     * {@code secrets}, keyed by {@link SettingsForm.Field#name()} (a field not given is absent). Checked
     * before anything is stored (e.g. by logging in once): on any exception nothing was stored. Called on
     * the request's or the CLI's thread, not under the apply lock.
     *
     * @return one sentence for people saying what was saved, e.g. {@code SmarterMail login checked and saved
     *         for https://mail.example.com/}
     * @throws IllegalArgumentException a value is missing or malformed; the message starts with the field's
     *                                  name and says what is allowed
     * @throws BackendException         the mail server refused the settings or could not be reached
     * @since 1.1
     */
    default String saveSettings(Map<String, String> values, Map<String, Secret> secrets)
            throws BackendException {
        throw new IllegalArgumentException(displayName() + " has no settings besides the relays");
    }

    /**
     * The mail server's own account of delivery (its log and queue), when this backend can give it: the
     * optional capability behind the status cards, {@code GET .../status} and {@code --status}. Called once
     * per run of the plugin, when the delivery tracker is made; cheap, no side effects. Empty (the default):
     * this mail server cannot report, and the pages say "not available with this mail server".
     *
     * @since 1.1
     */
    default Optional<DeliveryReporting> deliveryReporting() {
        return Optional.empty();
    }

    /**
     * How the mail server strips an address extension ({@code alice+news@example.com}) before it looks a sender
     * address up, so that which-relay answers and the delivery figures follow it (Postfix: its
     * {@code recipient_delimiter}). Called on every look-up and by the delivery reader every few seconds: cheap (a
     * backend re-reads its configuration only when it changed), no side effects. The default: addresses are looked up
     * as they are ({@link AddressExtensions#NONE}).
     *
     * @since 1.3
     */
    default AddressExtensions addressExtensions() {
        return AddressExtensions.NONE;
    }

    /**
     * The nodes of this backend that read their relay maps from the panel's database, when it serves them
     * that way ({@code [mail] smarthost.postfix.maps = pgsql}); empty (the default) otherwise. Cheap.
     *
     * @since 1.3
     */
    default Optional<MailNodes> nodes() {
        return Optional.empty();
    }
}
