package io.smarthost.postfix.delivery;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.delivery.DeliveryLog;
import io.smarthost.core.delivery.DeliveryReporting;
import io.smarthost.core.delivery.QueuedMessage;
import io.smarthost.panel.api.services.CommandRunner;
import io.smarthost.panel.api.services.CommandRunner.Command;
import io.smarthost.panel.api.services.CommandRunner.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Postfix's account of delivery: its log ({@link LogFileReader} or {@link JournalReader}) and its queue
 * ({@code postqueue -c DIR -j}, retried with {@code postqueue -c DIR -i ID} or {@code -f}).
 *
 * <p>Which log: {@code [mail] smarthost.postfix.log} when set (a file, or {@code journal}); else the instance's
 * own {@code maillog_file} when its main.cf sets one (the sandbox and the tests); else {@code /var/log/mail.log}
 * when it exists; else {@code /var/log/maillog}.
 */
public final class PostfixDeliveryReporting implements DeliveryReporting {
    /** A Postfix queue id: short (hex) or long (base-52 letters and digits). */
    static final Pattern QUEUE_ID = Pattern.compile("[0-9A-Za-z]{5,20}");
    public static final String JOURNAL = "journal";

    private final Path configDir;
    private final Path commandDir;
    private final CommandRunner runner;
    private final Duration timeout;
    private final String configured;
    private final Clock clock;

    /**
     * @param configured the value of {@code [mail] smarthost.postfix.log}, empty when unset
     */
    public PostfixDeliveryReporting(Path configDir, Path commandDir, CommandRunner runner, Duration timeout,
                                    String configured, Clock clock) {
        this.configDir = configDir;
        this.commandDir = commandDir;
        this.runner = runner;
        this.timeout = timeout;
        this.configured = configured == null ? "" : configured.strip();
        this.clock = clock;
    }

    @Override
    public DeliveryLog openLog() {
        String source = logSource();
        if (source.equals(JOURNAL)) {
            return new JournalReader(runner, "/usr/bin/journalctl", clock);
        }
        return new LogFileReader(Path.of(source), clock, ZoneId.systemDefault());
    }

    @Override
    public String logSource() {
        if (!configured.isEmpty()) {
            return configured;
        }
        Optional<String> own = maillogFile();
        if (own.isPresent()) {
            return own.get();
        }
        Path debian = Path.of("/var/log/mail.log");
        return Files.exists(debian) || !Files.exists(Path.of("/var/log/maillog")) ? debian.toString() : "/var/log/maillog";
    }

    /** {@code maillog_file} of this instance's main.cf, read as Postfix reads it ({@code postconf -h}). */
    private Optional<String> maillogFile() {
        if (!Files.isRegularFile(configDir.resolve("main.cf"))) {
            return Optional.empty();
        }
        try {
            Result r = run(List.of("postconf", "-c", configDir.toString(), "-h", "maillog_file"));
            String value = r.stdout().strip();
            return r.ok() && value.startsWith("/") ? Optional.of(value) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<QueuedMessage> queue(int limit) throws BackendException {
        try {
            Result r = run(List.of("postqueue", "-c", configDir.toString(), "-j"));
            if (!r.ok()) {
                throw new BackendException("postqueue -j", "postqueue -j failed (exit " + r.exitCode() + "): "
                        + r.stderr().strip());
            }
            return PostqueueJson.parse(r.stdout(), limit);
        } catch (IOException e) {
            throw new BackendException("postqueue -j", "cannot run postqueue: " + e.getMessage(), e);
        }
    }

    @Override
    public void retry(Optional<String> queueId) throws BackendException {
        List<String> argv = new ArrayList<>(List.of("postqueue", "-c", configDir.toString()));
        if (queueId.isPresent()) {
            if (!QUEUE_ID.matcher(queueId.get()).matches()) {
                throw new IllegalArgumentException("queueId: not a Postfix queue id (5 to 20 letters and digits): "
                        + queueId.get().replaceAll("[^0-9A-Za-z]", "?"));
            }
            argv.add("-i");
            argv.add(queueId.get());
        } else {
            argv.add("-f");
        }
        try {
            Result r = run(argv);
            if (!r.ok()) {
                throw new BackendException("postqueue", String.join(" ", argv.subList(0, 1)) + " "
                        + String.join(" ", argv.subList(3, argv.size())) + " failed (exit " + r.exitCode() + "): "
                        + r.stderr().strip());
            }
        } catch (IOException e) {
            throw new BackendException("postqueue", "cannot run postqueue: " + e.getMessage(), e);
        }
    }

    private Result run(List<String> argv) throws IOException {
        List<String> full = new ArrayList<>(argv);
        full.set(0, commandDir.resolve(argv.get(0)).toString());
        return runner.run(new Command(full, null, timeout, Map.of(), Optional.empty()));
    }
}
