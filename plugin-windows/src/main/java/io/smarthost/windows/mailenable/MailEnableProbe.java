package io.smarthost.windows.mailenable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.backend.Probe;
import io.smarthost.core.backend.Probe.Finding;
import io.smarthost.core.backend.Probe.Status;
import io.smarthost.windows.ServiceControl;
import io.smarthost.windows.mailenable.MailEnableValueNames.Field;
import io.smarthost.windows.mailenable.WindowsRegistry.RegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Looks at MailEnable's SMTP connector key and service without writing: which name each Smart Host
 * setting has there (or none, or two), with its type, and every value name and type under the key
 * (never a value's data: one of them is a password).
 */
final class MailEnableProbe {

    private final WindowsRegistry registry;
    private final ServiceControl services;

    MailEnableProbe(WindowsRegistry registry, ServiceControl services) {
        this.registry = registry;
        this.services = services;
    }

    Probe run(Optional<String> key, Optional<String> plesk, ObjectNode saved) {
        List<Finding> findings = new ArrayList<>();
        List<Probe.Answer> answers = new ArrayList<>();
        if (key.isEmpty()) {
            findings.add(new Finding("SMTP connector key", Status.MISSING, "neither "
                    + MailEnableValueNames.SMTP_KEY_64 + " nor " + MailEnableValueNames.SMTP_KEY_32 + " exists"));
            return new Probe(MailEnableBackend.DISPLAY_NAME, findings, answers);
        }
        findings.add(new Finding("SMTP connector key", Status.FOUND, key.get()));
        Map<String, RegistryValue> values;
        try {
            values = registry.values(key.get());
        } catch (RegistryException e) {
            findings.add(new Finding("reg query " + key.get(), Status.FAILED, e.getMessage()));
            return new Probe(MailEnableBackend.DISPLAY_NAME, findings, answers);
        }
        answers.add(new Probe.Answer("reg query " + key.get() + " (names and types only)", values.entrySet().stream()
                .map(e -> e.getKey() + "  " + e.getValue().type()).collect(Collectors.joining("\n"))));
        for (Field field : Field.values()) {
            findings.add(field(field, values));
        }
        findings.add(service());
        findings.add(new Finding("panel's last apply", Status.INFO, saved.path("managed").asBoolean(false)
                ? "the panel set the smart host " + saved.path("host").asText("") + ":" + saved.path("port").asText("")
                : "the panel has not set a smart host here"));
        plesk.ifPresent(w -> findings.add(new Finding("Plesk", Status.INFO, w)));
        return new Probe(MailEnableBackend.DISPLAY_NAME, findings, answers);
    }

    private static Finding field(Field field, Map<String, RegistryValue> values) {
        String item = "Smart Host " + field.label();
        List<String> found = field.candidates().stream().filter(values::containsKey).toList();
        String expected = field.dword() ? "REG_DWORD" : "REG_SZ";
        if (found.isEmpty()) {
            return new Finding(item, Status.MISSING, "none of \"" + String.join("\", \"", field.candidates())
                    + "\" exists: the panel refuses to write it");
        }
        if (found.size() > 1) {
            return new Finding(item, Status.AMBIGUOUS, "\"" + String.join("\" and \"", found) + "\" both exist");
        }
        RegistryValue value = values.get(found.get(0));
        if (!value.type().equals(expected)) {
            return new Finding(item, Status.WRONG_TYPE, "\"" + found.get(0) + "\" is " + value.type()
                    + "; the panel would write " + expected);
        }
        return new Finding(item, Status.FOUND, "the panel would write " + expected + " \"" + found.get(0) + "\"");
    }

    private Finding service() {
        String item = "service " + MailEnableValueNames.SMTP_SERVICE;
        try {
            if (!services.exists(MailEnableValueNames.SMTP_SERVICE)) {
                return new Finding(item, Status.MISSING, "not installed under this name: an apply could not restart it");
            }
            return new Finding(item, Status.FOUND, services.isRunning(MailEnableValueNames.SMTP_SERVICE)
                    ? "installed and running" : "installed, not running");
        } catch (ServiceControl.ServiceException e) {
            return new Finding(item, Status.FAILED, e.getMessage());
        }
    }
}
