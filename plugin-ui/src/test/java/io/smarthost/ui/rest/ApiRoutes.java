package io.smarthost.ui.rest;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Role;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every route of the API, found by reflection over the resource classes (so no route escapes the matrix tests). */
final class ApiRoutes {
    static final List<Class<?>> RESOURCES = List.of(ServerRest.class, DomainRest.class, BulkRest.class, ToolRest.class,
            ProviderRest.class, SpfRest.class, DeliveryRest.class, MtaTestRest.class,
            AuthRecordRest.class, SenderRest.class);

    /** One route: {@code method} on {@code path} (relative to /api/v2/plugins/smarthost/). */
    record Route(String method, String path, Role role, boolean domainRoute, Class<?> resource) {
        String on(String domain) {
            return "/api/v2/plugins/smarthost/" + path.replace("{domain}", domain).replace("{id}", "no-such-job")
                    .replace("{address}", "nobody@" + domain);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private ApiRoutes() {
    }

    static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        for (Class<?> type : RESOURCES) {
            for (Method m : type.getDeclaredMethods()) {
                Path path = m.getAnnotation(Path.class);
                Optional<String> verb = verb(m);
                if (path == null || verb.isEmpty()) {
                    continue;
                }
                Access access = Optional.ofNullable(m.getAnnotation(Access.class)).orElse(type.getAnnotation(Access.class));
                routes.add(new Route(verb.get(), path.value(), access == null ? Role.ADMIN : access.value(),
                        access != null && !access.domainParam().isEmpty(), type));
            }
        }
        routes.sort(Comparator.comparing(Route::toString));
        return routes;
    }

    private static Optional<String> verb(Method m) {
        if (m.isAnnotationPresent(GET.class)) {
            return Optional.of("GET");
        }
        if (m.isAnnotationPresent(POST.class)) {
            return Optional.of("POST");
        }
        if (m.isAnnotationPresent(PUT.class)) {
            return Optional.of("PUT");
        }
        if (m.isAnnotationPresent(DELETE.class)) {
            return Optional.of("DELETE");
        }
        return Optional.empty();
    }
}
