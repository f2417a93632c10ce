package io.smarthost.panel.host.web;

import io.smarthost.panel.host.services.BundleMessages;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * Error pages for browsers (400, 403, 404, 405, 413, 415, 500, 503...), in the reader's language ({@link
 * RequestState#lang()}: their choice, else what the browser asks for, else the panel's {@code default_language}), every
 * word of them, HTML-escaped, with the panel's look: the sign-in page's frame, the panel's name and a way back. No
 * menu and no template: an error must not depend on the menu, the templates or the database working (the database's
 * own failures are error pages too, so the name and the language fall back to the defaults when it cannot be read).
 */
final class ErrorPages {
    private static final BundleMessages TEXTS = BundleMessages.host();

    private ErrorPages() {
    }

    /** Who reads the page: the language and the panel's name, the defaults when the request cannot say. */
    record Reader(Locale locale, String panelName) {
        static Reader of(RequestState state) {
            Locale locale = Locale.ENGLISH;
            try {
                locale = state != null && "fr".equals(state.lang()) ? Locale.FRENCH : Locale.ENGLISH;
                return new Reader(locale, state == null ? TEXTS.get(locale, "panel.name") : state.panelName(locale));
            } catch (RuntimeException databaseDown) {
                return new Reader(locale, TEXTS.get(locale, "panel.name"));
            }
        }
    }

    static Response notFound(RequestState state) {
        return page(state, 404, "notFound");
    }

    /** The page of {@code error.KEY.title} and {@code error.KEY.text}, its {@code {0}...} filled with {@code args}. */
    static Response page(RequestState state, int status, String key, Object... args) {
        return page(status, Reader.of(state), key, null, args);
    }

    /**
     * Same, with a detail the panel's code wrote in English (a route's refusal): shown marked as English
     * ({@code lang="en"}) under a localised label, escaped like the rest.
     */
    static Response pageWithDetail(RequestState state, int status, String key, String detail, Object... args) {
        return page(status, Reader.of(state), key, detail, args);
    }

    private static Response page(int status, Reader reader, String key, String detail, Object... args) {
        Locale locale = reader.locale();
        String title = escape(TEXTS.get(locale, "error." + key + ".title", args));
        String text = escape(TEXTS.get(locale, "error." + key + ".text", args));
        String name = escape(reader.panelName());
        StringBuilder html = new StringBuilder(1024).append("<!DOCTYPE html><html lang=\"").append(locale.getLanguage())
                .append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(title).append(" · ").append(name).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"/static/panel.css\"></head>")
                .append("<body class=\"bare error-page\"><main class=\"bare-main\">")
                .append("<div class=\"brand brand-center\"><span class=\"logo\" aria-hidden=\"true\">S</span> ").append(name)
                .append("</div><section class=\"card\"><h1>").append(title).append("</h1><p>").append(text).append("</p>");
        if (detail != null && !detail.isBlank()) {
            html.append("<p class=\"muted\">").append(escape(TEXTS.get(locale, "error.detail"))).append(' ');
            html.append(locale.getLanguage().equals("en") ? "<span>" : "<span lang=\"en\">").append(escape(detail)).append("</span></p>");
        }
        html.append("<p><a href=\"/\">").append(escape(TEXTS.get(locale, "error.back"))).append("</a></p></section></main></body></html>");
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Language", locale.getLanguage()).entity(html.toString()).build();
    }

    static String escape(String text) {
        return ErrorMappers.escape(text);
    }
}
