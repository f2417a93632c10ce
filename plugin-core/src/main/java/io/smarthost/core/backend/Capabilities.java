package io.smarthost.core.backend;

import io.smarthost.core.relay.Encryption;
import java.util.List;
import java.util.Set;

/**
 * What a backend can honour. The UI offers only this; validation refuses the rest.
 *
 * @param serverRelay               a server-wide relay
 * @param domainRelay               a relay for one sender domain
 * @param domainCredentials         a different login per domain on the same relay
 * @param encryptions               the encryption modes it can configure
 * @param certificateVerification   whether "verify certificate" can be switched per relay
 *                                  (false: the mail server decides, shown as such)
 * @param mxLookupChoice            whether MX lookup can be turned off/on (the bracket syntax)
 * @param notes                     plain-language limits to show to the admin (English)
 * @param srs                       whether forwarded mail can be rewritten with SRS (Sender Rewriting
 *                                  Scheme) so that it keeps passing SPF through the relay (since 1.3)
 * @param senderRelay               a relay (and login) for one sender address, before its domain's
 *                                  (since 1.3)
 * @param backup                    where a backup relay can be added (since 1.3)
 */
public record Capabilities(boolean serverRelay, boolean domainRelay, boolean domainCredentials,
                           Set<Encryption> encryptions, boolean certificateVerification,
                           boolean mxLookupChoice, List<String> notes, boolean srs, boolean senderRelay,
                           BackupSupport backup) {
    public Capabilities {
        encryptions = Set.copyOf(encryptions);
        notes = List.copyOf(notes);
        backup = backup == null ? BackupSupport.none() : backup;
    }

    /** Without the additions of 1.3 (SRS, per-sender relays, backup relays): the capabilities of 1.2. */
    public Capabilities(boolean serverRelay, boolean domainRelay, boolean domainCredentials,
                        Set<Encryption> encryptions, boolean certificateVerification,
                        boolean mxLookupChoice, List<String> notes) {
        this(serverRelay, domainRelay, domainCredentials, encryptions, certificateVerification, mxLookupChoice,
                notes, false, false, BackupSupport.none());
    }

    /** With a backup relay where {@code backup} says, without SRS or per-sender relays. @since 1.3 */
    public Capabilities(boolean serverRelay, boolean domainRelay, boolean domainCredentials,
                        Set<Encryption> encryptions, boolean certificateVerification,
                        boolean mxLookupChoice, List<String> notes, BackupSupport backup) {
        this(serverRelay, domainRelay, domainCredentials, encryptions, certificateVerification, mxLookupChoice,
                notes, false, false, backup);
    }

    /** The same, with or without SRS. @since 1.3 */
    public Capabilities withSrs(boolean on) {
        return new Capabilities(serverRelay, domainRelay, domainCredentials, encryptions, certificateVerification,
                mxLookupChoice, notes, on, senderRelay, backup);
    }

    /** The same, with or without per-sender relays. @since 1.3 */
    public Capabilities withSenderRelay(boolean on) {
        return new Capabilities(serverRelay, domainRelay, domainCredentials, encryptions, certificateVerification,
                mxLookupChoice, notes, srs, on, backup);
    }

    /** The same, with a backup relay where {@code support} says. @since 1.3 */
    public Capabilities withBackup(BackupSupport support) {
        return new Capabilities(serverRelay, domainRelay, domainCredentials, encryptions, certificateVerification,
                mxLookupChoice, notes, srs, senderRelay, support);
    }

    /** What can be done without a mail server backend: nothing. */
    public static Capabilities none() {
        return new Capabilities(false, false, false, Set.of(), false, false, List.of());
    }
}
