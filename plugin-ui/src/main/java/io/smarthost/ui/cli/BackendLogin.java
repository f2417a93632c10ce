package io.smarthost.ui.cli;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.SettingsForm;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.BackendForms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code --backend-login [ID]} and {@code --ID-login} (e.g. {@code --smartermail-login}): the settings a mail
 * server backend needs besides the relays ({@link MailBackend#settingsForm()}), each field an option
 * ({@code -url U}), a secret one {@code -NAME-stdin} read from standard input (one line each, in the form's
 * order). Without an id, the backend panel.ini selects. The backend checks the values before it stores them.
 */
final class BackendLogin {
    static final String COMMAND = "backend-login";
    static final String SUFFIX = "-login";
    /** Where the help's descriptions start, as in {@link SmarthostCli#usage()}. */
    private static final int DESCRIPTION_COLUMN = 57;

    private final HostServices host;
    private final CliInvocation inv;

    BackendLogin(HostServices host, CliInvocation inv) {
        this.host = host;
        this.inv = inv;
    }

    /** The backend id a {@code --ID-login} command names ({@code smartermail-login} -> smartermail); empty for others. */
    static Optional<String> backendOf(String command) {
        return command.endsWith(SUFFIX) && command.length() > SUFFIX.length() && !command.equals(COMMAND)
                ? Optional.of(command.substring(0, command.length() - SUFFIX.length())) : Optional.empty();
    }

    /** One help line per installed backend that needs settings: {@code --ID-login -url URL ... -password-stdin}. */
    static String usage(HostServices host) {
        StringBuilder out = new StringBuilder();
        for (MailBackend backend : BackendForms.all(host)) {
            SettingsForm form = backend.settingsForm().orElseThrow();
            String line = "  --" + backend.id() + SUFFIX + " " + form.fields().stream().map(BackendLogin::synopsis)
                    .collect(Collectors.joining(" "));
            out.append(line.length() < DESCRIPTION_COLUMN ? String.format("%-" + DESCRIPTION_COLUMN + "s", line)
                    : line + "\n" + " ".repeat(DESCRIPTION_COLUMN)).append(form.what()).append('\n');
        }
        return out.append('\n').toString();
    }

    private static String synopsis(SettingsForm.Field f) {
        return f.secret() ? "-" + f.name() + "-stdin" : "-" + f.name() + " " + f.name().toUpperCase(Locale.ROOT);
    }

    /**
     * @param id the backend named, or empty for the selected one
     * @return the exit code: 0 saved, 1 the backend refused (nothing saved); bad input throws
     */
    int run(CliArgs args, Optional<String> id) {
        MailBackend backend = id.isPresent() ? named(id.get()) : selected();
        SettingsForm form = backend.settingsForm().orElseThrow();
        Set<String> valued = new HashSet<>();
        Set<String> stdin = new HashSet<>();
        form.fields().forEach(f -> (f.secret() ? stdin : valued).add(f.secret() ? f.name() + "-stdin" : f.name()));
        args.accept(valued, stdin);
        Map<String, String> values = new HashMap<>();
        for (SettingsForm.Field f : form.fields()) {
            if (f.secret() && !args.flag(f.name() + "-stdin")) {
                throw new CliUsageException("-" + f.name() + "-stdin: " + f.what() + " is required and is read from standard input");
            }
            if (!f.secret()) {
                values.put(f.name(), args.option(f.name()).orElseThrow(() -> new CliUsageException("-" + f.name() + ": "
                        + f.what() + " is required" + (f.example().isEmpty() ? "" : ", e.g. -" + f.name() + " " + f.example()))));
            }
        }
        Map<String, Secret> secrets = readSecrets(form.fields().stream().filter(SettingsForm.Field::secret).toList());
        String done;
        try {
            done = backend.saveSettings(values, secrets);
        } catch (BackendException e) {
            return failed(form, e.reason());
        } catch (IllegalArgumentException | CliUsageException e) {
            throw e;
        } catch (RuntimeException e) {
            return failed(form, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        inv.out().println(done);
        return CliArgs.OK;
    }

    private int failed(SettingsForm form, String reason) {
        inv.err().println("smarthost: " + form.what() + " failed, nothing saved: " + reason);
        return CliArgs.FAILURE;
    }

    private MailBackend named(String id) {
        return BackendForms.named(host, id).orElseThrow(() -> new CliUsageException("--" + COMMAND + " " + id
                + ": no installed backend of that id needs settings besides the relays" + withForms()));
    }

    private MailBackend selected() {
        return BackendForms.selected(host).orElseThrow(() -> new CliUsageException("--" + COMMAND + ": the selected mail"
                + " server backend (" + selectedName() + ") needs no settings besides the relays" + withForms()));
    }

    private String selectedName() {
        return SmarthostRuntime.selection(host).backend().map(MailBackend::displayName)
                .orElse("none");
    }

    private String withForms() {
        List<String> ids = BackendForms.all(host).stream().map(MailBackend::id).toList();
        return ids.isEmpty() ? "" : "; backends that do: " + String.join(", ", ids) + " (--" + COMMAND + " ID)";
    }

    /** One line of standard input per secret field, in order. */
    private Map<String, Secret> readSecrets(List<SettingsForm.Field> fields) {
        if (fields.isEmpty()) {
            return Map.of();
        }
        List<String> lines;
        try {
            lines = new String(inv.stdin().readNBytes(64 * 1024), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
        Map<String, Secret> secrets = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            SettingsForm.Field f = fields.get(i);
            String line = i < lines.size() ? lines.get(i) : "";
            if (line.isEmpty()) {
                throw new CliUsageException("-" + f.name() + "-stdin: standard input has no line " + (i + 1) + " for "
                        + f.what() + "; pipe it, e.g. printf '%s\\n' \"$SECRET\" | panel bin smarthost ... -"
                        + f.name() + "-stdin");
            }
            secrets.put(f.name(), Secret.of(line));
        }
        return secrets;
    }
}
