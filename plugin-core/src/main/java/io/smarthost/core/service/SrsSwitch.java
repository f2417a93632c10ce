package io.smarthost.core.service;

import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.validation.FieldError;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The server-wide SRS switch (Sender Rewriting Scheme): forwarded mail leaves with a rewritten envelope
 * sender, so that it keeps passing SPF at the destination through the relay. Stored under
 * {@link StoreKeys#SRS}; a change runs through the {@link ChangePipeline} like a server relay change
 * (recorded, applied, taken back when the mail server refuses it, e.g. because the SRS daemon does not answer).
 */
final class SrsSwitch {
    static final String ON = "on";

    private final HostServices host;
    private final ChangePipeline pipeline;

    SrsSwitch(HostServices host, ChangePipeline pipeline) {
        this.host = host;
        this.pipeline = pipeline;
    }

    static boolean isOn(SettingsStore.Transaction tx) {
        return tx.get(StoreKeys.SRS).filter(ON::equals).isPresent();
    }

    boolean on() {
        return host.store().get(StoreKeys.SRS).filter(ON::equals).isPresent();
    }

    /**
     * Turns SRS on or off. Turning it on is refused (nothing changed) when the selected backend cannot do it.
     *
     * @throws RelayValidationException field {@code srs}, in the caller's language
     */
    UpdateResult set(boolean on, BackendSelection sel) {
        boolean supported = sel.backend().map(MailBackend::capabilities).map(c -> c.srs()).orElse(false);
        if (on && !supported) {
            String backend = sel.backend().map(MailBackend::displayName).orElse("?");
            throw new RelayValidationException(List.of(new FieldError("srs",
                    text("smarthost.backend.srs").replace("{backend}", backend))));
        }
        return pipeline.change(sel, on ? "smarthost.srs.on" : "smarthost.srs.off", List.of("server"),
                Map.of("srs", Boolean.toString(on)), tx -> {
                    if (isOn(tx) == on) {
                        return new ChangeSet(false, false, java.util.Set.of());
                    }
                    if (on) {
                        tx.put(StoreKeys.SRS, ON);
                    } else {
                        tx.delete(StoreKeys.SRS);
                    }
                    return ChangeSet.serverOnly();
                });
    }

    /**
     * After the panel's domains or aliases changed: while SRS is on, the mail server's list of senders SRS leaves
     * alone (the panel's domains) is written again (one server-level apply; nothing when SRS is off).
     */
    void domainsChanged(BackendSelection sel) {
        if (!on() || sel.backend().isEmpty()) {
            return;
        }
        pipeline.change(sel, "smarthost.srs.domains", List.of("server"), Map.of("srs", "true"),
                tx -> isOn(tx) ? ChangeSet.serverOnly() : new ChangeSet(false, false, java.util.Set.of()));
    }

    private String text(String key) {
        Locale locale = host.currentRequest().map(c -> c.user().locale()).orElse(Locale.ENGLISH);
        ResourceBundle bundle = ResourceBundle.getBundle("ValidationMessages", locale, SrsSwitch.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return bundle.getString(key);
    }
}
