package io.smarthost.panel.host.web;

import jakarta.ws.rs.container.ContainerRequestContext;

/** Which part of the URL space a request is in. */
final class WebPaths {

    private WebPaths() {
    }

    static boolean isApi(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.startsWith("api/") || path.equals("api") || path.startsWith("/api/");
    }

    static boolean isUnsafe(String method) {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }
}
