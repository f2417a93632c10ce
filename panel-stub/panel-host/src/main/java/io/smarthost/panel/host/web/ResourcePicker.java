package io.smarthost.panel.host.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.uri.PathPattern;

/**
 * When a plugin contributes several resource objects under the same prefix, picks the one with a
 * route matching the rest of the path (Jersey's own model of each class decides what matches).
 */
final class ResourcePicker {

    private static final Map<Class<?>, List<PathPattern>> PATTERNS = new ConcurrentHashMap<>();

    private ResourcePicker() {
    }

    /** @param resourceOf the resource object of a candidate, whose class Jersey models */
    static <C> Optional<C> pick(List<C> candidates, Function<C, Object> resourceOf, String rest) {
        if (candidates.size() <= 1) {
            return candidates.stream().findFirst();
        }
        String path = rest.isEmpty() ? "/" : rest.startsWith("/") ? rest : "/" + rest;
        for (C candidate : candidates) {
            Class<?> type = resourceOf.apply(candidate).getClass();
            if (path.equals("/") && hasRootMethods(type)) {
                return Optional.of(candidate);
            }
            for (PathPattern pattern : PATTERNS.computeIfAbsent(type, ResourcePicker::patterns)) {
                if (pattern.match(path) != null) {
                    return Optional.of(candidate);
                }
            }
        }
        return candidates.stream().findFirst();
    }

    private static boolean hasRootMethods(Class<?> type) {
        Resource.Builder builder = Resource.builder(type, true);
        return builder != null && !builder.build().getResourceMethods().isEmpty();
    }

    private static List<PathPattern> patterns(Class<?> type) {
        Resource.Builder builder = Resource.builder(type, true);
        java.util.ArrayList<PathPattern> out = new java.util.ArrayList<>();
        if (builder == null) {
            return out;
        }
        Resource model = builder.build();
        for (Resource child : model.getChildResources()) {
            String template = child.getPath().startsWith("/") ? child.getPath() : "/" + child.getPath();
            boolean locator = child.getResourceLocator() != null;
            out.add(new PathPattern(template, locator ? PathPattern.RightHandPath.capturingZeroOrMoreSegments
                    : PathPattern.RightHandPath.capturingZeroSegments));
        }
        return out;
    }
}
