package io.smarthost.panel.host.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Plain error pages for browsers (no layout: an error must not depend on the menu working). */
final class ErrorPages {

    private ErrorPages() {
    }

    static Response notFound() {
        return page(404, "Page not found", "There is nothing here, or you may not see it.");
    }

    static Response page(int status, String title, String text) {
        title = ErrorMappers.escape(title);
        text = ErrorMappers.escape(text);
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title><link rel=\"stylesheet\" href=\"/static/panel.css\"></head><body class=\"error-page\"><main class=\"card narrow\"><h1>"
                + title + "</h1><p>" + text + "</p><p><a href=\"/\">Back to the panel</a></p></main></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
