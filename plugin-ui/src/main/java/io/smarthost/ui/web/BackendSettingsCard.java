package io.smarthost.ui.web;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.SettingsForm;
import io.smarthost.panel.api.Secret;
import io.smarthost.ui.BackendForms;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server page's card with the settings the selected mail server backend needs besides the relays
 * ({@link MailBackend#settingsForm()}, e.g. SmarterMail's address and administrator login), shown to admins,
 * and its save ({@code POST …/server/BACKEND_ID}). It shows whatever the backend describes.
 */
final class BackendSettingsCard {
    private final PageRuntime rt;

    BackendSettingsCard(PageRuntime rt) {
        this.rt = rt;
    }

    /** What a save did: the card after it, and the page's status (200 saved, 400 a bad value, 502 refused). */
    record Saved(Map<String, Object> card, int status) {
    }

    /** The card for the page; empty (no card) but on the server page for admins, with a selected backend that needs settings. */
    Map<String, Object> model(RelayTarget t) {
        if (!t.server() || !t.admin()) {
            return Map.of();
        }
        return BackendForms.selected(rt.host()).map(b -> card(b, b.settingsForm().orElseThrow(), Map.of(), "", false))
                .orElse(Map.of());
    }

    /** Checks and stores what was typed (the backend does both); on failure the card keeps what was typed, but secrets. */
    Saved save(MailBackend backend, MultivaluedMap<String, String> typed) {
        SettingsForm form = backend.settingsForm().orElseThrow();
        Map<String, String> values = new HashMap<>();
        Map<String, Secret> secrets = new HashMap<>();
        for (SettingsForm.Field f : form.fields()) {
            String value = typed.getFirst(f.name());
            if (value != null && f.secret()) {
                secrets.put(f.name(), Secret.of(value));
            } else if (value != null) {
                values.put(f.name(), value);
            }
        }
        try {
            backend.saveSettings(values, secrets);
            return new Saved(card(backend, backend.settingsForm().orElse(form), Map.of(), "", true), 200);
        } catch (IllegalArgumentException e) {
            return new Saved(card(backend, form, values, String.valueOf(e.getMessage()), false), 400);
        } catch (BackendException e) {
            return new Saved(card(backend, form, values, failed(form, e.reason()), false), 502);
        } catch (RuntimeException e) {
            return new Saved(card(backend, form, values, failed(form, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()), false), 502);
        }
    }

    private String failed(SettingsForm form, String reason) {
        return text(form.texts().failed(), reason);
    }

    private Map<String, Object> card(MailBackend backend, SettingsForm form, Map<String, String> typed, String error,
                                     boolean saved) {
        SettingsForm.Texts texts = form.texts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", backend.id());
        m.put("title", text(texts.title()));
        m.put("text", text(texts.text()));
        m.put("save", text(texts.save()));
        m.put("savedText", text(texts.saved()));
        m.put("storedText", text(texts.stored()));
        m.put("stored", form.stored());
        m.put("saved", saved);
        m.put("error", error);
        List<Map<String, Object>> fields = form.fields().stream().map(f -> Map.<String, Object>of(
                "name", f.name(), "label", text(f.label()), "secret", f.secret(), "placeholder", f.example(),
                "value", typed.getOrDefault(f.name(), f.value()))).toList();
        m.put("fields", fields);
        return m;
    }

    private String text(SettingsForm.Text text, Object... args) {
        return BackendForms.text(rt.host(), rt.locale(), text, args);
    }
}
