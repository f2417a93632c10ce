package io.smarthost.postfix.delivery;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.delivery.DeliveryLog;
import io.smarthost.core.delivery.DeliveryReporting;
import io.smarthost.core.delivery.MtaTestResult;
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

    /**
     * Hands the message to {@code sendmail -C DIR -f FROM -- TO} (root, or the folder listed in the default
     * instance's {@code alternate_config_directories}), with a unique Message-ID, and follows it in the log file.
     * A journal log cannot be followed this way.
     */
    @Override
    public MtaTestResult sendThrough(String from, String to, Duration wait) throws BackendException {
        return sendThrough(from, to, wait, id -> { });
    }

    @Override
    public MtaTestResult sendThrough(String from, String to, Duration wait, java.util.function.Consumer<String> queued)
            throws BackendException {
        checkAddress("from", from);
        checkAddress("to", to);
        String source = logSource();
        if (source.equals(JOURNAL)) {
            throw new BackendException("send-test", "following a message needs a log file; smarthost.postfix.log = journal");
        }
        String messageId = "smarthost-test-" + java.util.UUID.randomUUID() + "@panel.invalid";
        String message = "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: Test through the mail server\r\n"
                + "Message-ID: <" + messageId + ">\r\nDate: " + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(clock)) + "\r\n\r\nThis test message was handed to the mail server"
                + " by the panel to follow it to the relay.\r\n";
        long start = System.nanoTime();
        try {
            TestMailFollower follower = new TestMailFollower(Path.of(source), messageId, clock, queued);
            List<String> argv = new ArrayList<>(List.of(commandDir.resolve("sendmail").toString(), "-C",
                    configDir.toString(), "-f", from, "--", to));
            Result r = runner.run(new Command(argv, message.getBytes(java.nio.charset.StandardCharsets.UTF_8), timeout,
                    Map.of(), Optional.empty()));
            if (!r.ok()) {
                throw new BackendException("sendmail", "sendmail refused the message (exit " + r.exitCode() + "): "
                        + (r.stderr() + r.stdout()).strip());
            }
            long end = start + wait.toNanos();
            while (!follower.step() && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            return new MtaTestResult(follower.queueId(), follower.delivery(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new BackendException("send-test", "cannot hand the message to Postfix: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("send-test", "interrupted while following the message", e);
        }
    }

    private static void checkAddress(String field, String value) {
        if (value == null || !value.matches("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException(field + ": not an e-mail address (local-part@domain)");
        }
    }

    private Result run(List<String> argv) throws IOException {
        List<String> full = new ArrayList<>(argv);
        full.set(0, commandDir.resolve(argv.get(0)).toString());
        return runner.run(new Command(full, null, timeout, Map.of(), Optional.empty()));
    }
}
