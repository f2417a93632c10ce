package io.smarthost.panel.host.web;

import io.smarthost.panel.host.services.BundleMessages;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * Plain error pages for browsers (no layout: an error must not depend on the menu working), in the
 * reader's language when the request says it ({@code en} otherwise).
 */
final class ErrorPages {
    private static final BundleMessages TEXTS = BundleMessages.host();

    private ErrorPages() {
    }

    static Response notFound() {
        return notFound("en");
    }

    static Response notFound(String lang) {
        Locale locale = locale(lang);
        return page(404, TEXTS.get(locale, "error.notFound.title"), TEXTS.get(locale, "error.notFound.text"), lang);
    }

    static Response page(int status, String title, String text) {
        return page(status, title, text, "en");
    }

    static Response page(int status, String title, String text, String lang) {
        Locale locale = locale(lang);
        title = ErrorMappers.escape(title);
        text = ErrorMappers.escape(text);
        String html = "<!DOCTYPE html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title
                + "</title><link rel=\"stylesheet\" href=\"/static/panel.css\"></head><body class=\"error-page\"><main class=\"card narrow\"><h1>"
                + title + "</h1><p>" + text + "</p><p><a href=\"/\">" + ErrorMappers.escape(TEXTS.get(locale, "error.back"))
                + "</a></p></main></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }

    private static Locale locale(String lang) {
        return "fr".equals(lang) ? Locale.FRENCH : Locale.ENGLISH;
    }
}
