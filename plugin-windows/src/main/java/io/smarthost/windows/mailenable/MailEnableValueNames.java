package io.smarthost.windows.mailenable;

import java.util.List;

/**
 * Where MailEnable keeps the SMTP connector's Smart Host settings. Every name here is an
 * assumption unless marked verified; the module README says how to check each on a real server
 * ({@code reg query} before and after changing the setting in MailEnable's administration program).
 */
public final class MailEnableValueNames {

    private MailEnableValueNames() {
    }

    /**
     * VERIFIED (public): the SMTP connector's key, 32-bit view on 64-bit Windows (MailEnable is a
     * 32-bit program). Seen in Plesk/MailEnable set-up scripts that write {@code Host Name} and
     * {@code Local Domain Name} there, and in MailEnable plug-in guides ({@code Plugin DLL}).
     */
    public static final String SMTP_KEY_64 = "HKLM\\SOFTWARE\\WOW6432Node\\Mail Enable\\Mail Enable\\Connectors\\SMTP";

    /** VERIFIED (public): the same key on 32-bit Windows. */
    public static final String SMTP_KEY_32 = "HKLM\\SOFTWARE\\Mail Enable\\Mail Enable\\Connectors\\SMTP";

    /**
     * VERIFIED (public): the SMTP connector's Windows service name. Public set-up scripts restart it
     * by its display name "MailEnable SMTP Connector"; the short name MESMTPCS is the one the
     * project's design names. ASSUMPTION: that short name is the same in every MailEnable edition.
     */
    public static final String SMTP_SERVICE = "MESMTPCS";

    /**
     * ASSUMPTION: DWORD 1/0, the "smart host" switch of the SMTP connector's Smart Host page.
     * Based on: MailEnable's value naming style in this key (words with spaces, e.g. "Host Name").
     */
    public static final String ENABLED = "Use Smart Host";

    /** ASSUMPTION: REG_SZ, the smart host's name or IP address. Same basis as {@link #ENABLED}. */
    public static final String HOST = "Smart Host";

    /** ASSUMPTION: DWORD, the smart host's port. Same basis as {@link #ENABLED}. */
    public static final String PORT = "Smart Host Port";

    /** ASSUMPTION: DWORD 1/0, "remote server requires authentication". Same basis as {@link #ENABLED}. */
    public static final String AUTH_REQUIRED = "Smart Host Requires Authentication";

    /** ASSUMPTION: REG_SZ, the login name at the smart host. Same basis as {@link #ENABLED}. */
    public static final String USERNAME = "Smart Host Username";

    /**
     * ASSUMPTION: REG_SZ holding the password as typed. MailEnable may instead keep it encoded; if
     * so, reading it back shows a different text and the backend refuses to go on (read-back check).
     */
    public static final String PASSWORD = "Smart Host Password";

    /** Every value the backend manages, in the order it shows them (the "Smart Host ..." spellings). */
    public static final List<String> MANAGED = List.of(ENABLED, HOST, PORT, AUTH_REQUIRED, USERNAME, PASSWORD);

    /**
     * The Smart Host settings the backend writes, each with the value names it may have. ALL ASSUMED: no
     * public source shows them. MailEnable's own knowledge base spells related values as one word ("SmartHost
     * on RCPT Failure"), so the one-word spellings are candidates too. The backend writes a field only under a
     * name that already exists under the SMTP connector key, and refuses when none or two of them exist
     * ({@link SmartHostNames}): a value the connector does not read would change nothing.
     */
    public enum Field {
        /** DWORD 1/0: use a smart host. */
        ENABLED(true, MailEnableValueNames.ENABLED, "Use SmartHost", "UseSmartHost", "Smart Host Enabled",
                "SmartHost Enabled"),
        /** REG_SZ: the smart host's name or address. */
        HOST(false, MailEnableValueNames.HOST, "SmartHost", "Smart Host Name", "SmartHost Name"),
        /** DWORD: the smart host's port. */
        PORT(true, MailEnableValueNames.PORT, "SmartHost Port", "SmartHostPort"),
        /** DWORD 1/0: the smart host requires authentication. */
        AUTH_REQUIRED(true, MailEnableValueNames.AUTH_REQUIRED, "SmartHost Requires Authentication",
                "Smart Host Authentication", "SmartHost Authentication", "SmartHostAuthentication"),
        /** REG_SZ: the login at the smart host. */
        USERNAME(false, MailEnableValueNames.USERNAME, "SmartHost Username", "Smart Host User Name",
                "SmartHost User Name", "SmartHostUsername"),
        /** REG_SZ: the password at the smart host (ASSUMED stored as typed; the read-back tells otherwise). */
        PASSWORD(false, MailEnableValueNames.PASSWORD, "SmartHost Password", "SmartHostPassword");

        private final boolean dword;
        private final List<String> candidates;

        Field(boolean dword, String... candidates) {
            this.dword = dword;
            this.candidates = List.of(candidates);
        }

        /** Whether MailEnable keeps it as a REG_DWORD (else REG_SZ). ASSUMED like the names. */
        public boolean dword() {
            return dword;
        }

        /** The names it may have, the backend's first guess first. */
        public List<String> candidates() {
            return candidates;
        }

        /** For people: "port", "user name"... */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }
}
