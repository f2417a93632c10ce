package io.smarthost.panel.api;

import java.util.Map;
import java.util.Objects;

/**
 * A page returned by a {@link PageExtension} resource method. The host renders {@code template}
 * (a FreeMarker {@code .ftlh} file under the plugin's {@code templates/} folder, loaded through the
 * plugin's class loader, HTML auto-escaped) and puts the result inside the panel layout.
 *
 * <p>Besides {@code model}, every template sees: {@code msg(key, args...)} (the plugin's
 * {@code i18n/messages} bundle, then the host's), {@code csrfToken} (to put in a hidden
 * {@code _csrf} field of every form), {@code user} ({@link PanelUser}), {@code lang} ("en"/"fr"),
 * {@code domain} (the {@link Domain} of the request, when it has one) and {@code base}
 * (this plugin's page prefix, e.g. {@code /plugins/smarthost}).
 *
 * @param template path below {@code templates/}, e.g. {@code server.ftlh}
 * @param titleKey message key of the page title
 * @param model    values for the template
 * @param status   HTTP status (200, or 400 for a form shown again with errors)
 * @since 1.0
 */
public record View(String template, String titleKey, Map<String, Object> model, int status) {
    public View {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(titleKey, "titleKey");
        model = Map.copyOf(model == null ? Map.of() : model);
    }

    public View(String template, String titleKey, Map<String, Object> model) {
        this(template, titleKey, model, 200);
    }
}
