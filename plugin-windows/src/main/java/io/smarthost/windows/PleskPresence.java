package io.smarthost.windows;

import io.smarthost.core.backend.ApplyWarning;

import java.util.List;
import java.util.Optional;

/**
 * Whether Plesk runs on this Windows server. Plesk 18.0.64 and later has a smarthost setting of its own
 * (Tools &amp; Settings &gt; Mail Server Settings) that writes the same MailEnable values and SmarterMail
 * gateways as this plugin: two writers of one setting undo each other, so the backends name Plesk in
 * their inspection and probe, and treat a smarthost they did not write as someone else's.
 */
public final class PleskPresence {

    /**
     * ASSUMPTION: Plesk for Windows keeps its configuration under this key (32-bit view first); widely
     * quoted in Plesk support articles (e.g. {@code PRODUCT_ROOT_D} there), not checked on a server here.
     */
    public static final List<String> KEYS = List.of("HKLM\\SOFTWARE\\WOW6432Node\\PLESK\\PSA Config\\Config",
            "HKLM\\SOFTWARE\\PLESK\\PSA Config\\Config");

    /** Looks a registry key up. */
    @FunctionalInterface
    public interface KeyLookup {
        boolean exists(String key) throws Exception;
    }

    private PleskPresence() {
    }

    /** The key that shows Plesk is installed; empty when not on Windows or not found (or unreadable). */
    public static Optional<String> installedKey(Platform platform, KeyLookup registry) {
        if (!platform.isWindows()) {
            return Optional.empty();
        }
        for (String key : KEYS) {
            try {
                if (registry.exists(key)) {
                    return Optional.of(key);
                }
            } catch (Exception e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The sentence the backends show when Plesk is there: {@code product} is {@code mailenable} or {@code smartermail};
     * an apply shows it in the reader's language, inspect and probe in English ({@link ApplyWarning#text()}).
     */
    public static ApplyWarning warning(String key, String product) {
        return WindowsWarnings.of("plesk." + product, key);
    }
}
