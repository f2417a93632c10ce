package io.smarthost.core.backend;

import org.pf4j.ExtensionPoint;

/**
 * A mail server the smarthost feature can configure (Postfix, MailEnable, SmarterMail).
 *
 * <p>Implementations are PF4J extensions; the host creates them with a constructor taking
 * {@link io.smarthost.panel.api.services.HostServices} (or none). The service picks one with
 * {@code panel.ini [mail] smarthost.backend = auto|postfix|mailenable|smartermail}; {@code auto}
 * takes the first whose {@link #detect()} is true. All methods are called with the service's apply
 * lock held, on the caller's thread (web request or CLI), never concurrently for the same backend.
 */
public interface MailBackend extends ExtensionPoint {

    /** Stable id: {@code postfix}, {@code mailenable}, {@code smartermail}. */
    String id();

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
     * Side by side: what is there now, and what {@link #apply} would write for {@code desired}.
     * {@link Preview#takesOverManual()} is true when applying would write over settings written by hand
     * (the service then refuses the change until the admin confirms), with {@link Preview#drift()} naming them.
     */
    Preview preview(DesiredState desired) throws BackendException;

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
}
