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
 * @param backup                    where a backup relay can be added (since 1.3)
 */
public record Capabilities(boolean serverRelay, boolean domainRelay, boolean domainCredentials,
                           Set<Encryption> encryptions, boolean certificateVerification,
                           boolean mxLookupChoice, List<String> notes, BackupSupport backup) {
    public Capabilities {
        encryptions = Set.copyOf(encryptions);
        notes = List.copyOf(notes);
        backup = backup == null ? BackupSupport.none() : backup;
    }

    /** Capabilities without a backup relay at any level. */
    public Capabilities(boolean serverRelay, boolean domainRelay, boolean domainCredentials,
                        Set<Encryption> encryptions, boolean certificateVerification,
                        boolean mxLookupChoice, List<String> notes) {
        this(serverRelay, domainRelay, domainCredentials, encryptions, certificateVerification, mxLookupChoice, notes,
                BackupSupport.none());
    }

    /** What can be done without a mail server backend: nothing. */
    public static Capabilities none() {
        return new Capabilities(false, false, false, Set.of(), false, false, List.of());
    }
}
