package io.smarthost.postfix;

import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.services.CommandRunner;
import io.smarthost.panel.api.services.HostServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the Postfix backend is set up.
 *
 * @param configDir    the Postfix configuration folder (main.cf, master.cf); production: /etc/postfix
 * @param commands     how Postfix programs are run
 * @param commandDir   where postconf, postfix and postmap are (usually /usr/sbin)
 * @param caFile       CA bundle used when a relay's certificate is verified
 * @param historyLimit how many applied versions to keep
 * @param timeout      upper bound for one Postfix command
 * @param sandbox      whether {@code configDir} is the panel's own sandbox (created when missing)
 * @param log          {@code [mail] smarthost.postfix.log}: a log file or {@code journal}; empty: the instance's
 *                     {@code maillog_file}, else {@code /var/log/mail.log}
 */
public record PostfixSettings(Path configDir, CommandRunner commands, Path commandDir, String caFile,
                              int historyLimit, Duration timeout, boolean sandbox, String log) {

    public PostfixSettings(Path configDir, CommandRunner commands, Path commandDir, String caFile,
                           int historyLimit, Duration timeout, boolean sandbox) {
        this(configDir, commands, commandDir, caFile, historyLimit, timeout, sandbox, "");
    }

    public static final String SECTION = "mail";
    public static final String CONFIG_DIRECTORY_KEY = "smarthost.postfix.config_directory";
    /** Where postconf, postfix and postmap are; default {@code /usr/sbin}. */
    public static final String COMMAND_DIRECTORY_KEY = "smarthost.postfix.command_directory";
    public static final String DEFAULT_COMMAND_DIRECTORY = "/usr/sbin";
    /** Which log tells what Postfix delivered: a file path or {@code journal}; unset: see {@link #log()}. */
    public static final String LOG_KEY = "smarthost.postfix.log";
    /** {@code smarthost.postfix.log = off}: no delivery status (no log reader, the pages say "not available"). */
    public static final String LOG_OFF = "off";
    public static final String DEFAULT_CA_FILE = "/etc/ssl/certs/ca-certificates.crt";

    /** For tests and tools: a folder, a runner, and defaults for the rest. */
    public static PostfixSettings of(Path configDir, CommandRunner commands) {
        return new PostfixSettings(configDir, commands, Path.of("/usr/sbin"), DEFAULT_CA_FILE, 10,
                Duration.ofSeconds(60), false);
    }

    /**
     * From panel.ini {@code [mail] smarthost.postfix.config_directory}, else the panel's sandbox. A value its
     * declared type refuses reads as unset here too, even before the host checks the file against the
     * plugin's keys (the backend may be made while the plugin's keys are being declared).
     */
    public static PostfixSettings fromHost(HostServices host) {
        var configured = declared(host, PostfixIniKeys.CONFIG_DIRECTORY);
        Path dir = configured.map(Path::of).orElse(host.panel().mailSandbox().resolve("postfix"));
        Path commandDir = Path.of(declared(host, PostfixIniKeys.COMMAND_DIRECTORY).orElse(DEFAULT_COMMAND_DIRECTORY));
        return new PostfixSettings(dir, host.commands(), commandDir, DEFAULT_CA_FILE, 10,
                Duration.ofSeconds(60), configured.isEmpty(), declared(host, PostfixIniKeys.LOG).orElse(""));
    }

    private static Optional<String> declared(HostServices host, IniKey key) {
        return host.ini().get(key).map(String::strip).filter(v -> !v.isEmpty() && key.type().accepts(v));
    }

    public PostfixSettings withCaFile(String file) {
        return new PostfixSettings(configDir, commands, commandDir, file, historyLimit, timeout, sandbox, log);
    }

    /** The same with {@code [mail] smarthost.postfix.log} set to {@code value} (a file or {@code journal}). */
    public PostfixSettings withLog(String value) {
        return new PostfixSettings(configDir, commands, commandDir, caFile, historyLimit, timeout, sandbox, value);
    }
}
