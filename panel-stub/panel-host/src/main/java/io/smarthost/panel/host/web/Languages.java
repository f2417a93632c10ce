package io.smarthost.panel.host.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The language of a visitor who has not chosen one: the first of the panel's languages (English, French) that the
 * browser's {@code Accept-Language} asks for, by its weights; else the panel's {@code default_language}.
 */
final class Languages {

    private Languages() {
    }

    private record Range(String tag, double weight, int order) {
    }

    /** {@code en} or {@code fr}; {@code fallback} when the header is absent, malformed or asks for neither. */
    static String preferred(String acceptLanguage, Supplier<String> fallback) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 1_000) {
            return fallback.get();
        }
        List<Range> ranges = new ArrayList<>();
        String[] parts = acceptLanguage.split(",");
        for (int i = 0; i < parts.length && i < 50; i++) {
            String[] fields = parts[i].strip().split(";");
            String tag = fields[0].strip().toLowerCase(java.util.Locale.ROOT);
            double weight = 1.0;
            for (int f = 1; f < fields.length; f++) {
                String field = fields[f].strip();
                if (field.startsWith("q=")) {
                    try {
                        weight = Double.parseDouble(field.substring(2).strip());
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            if (weight > 0 && weight <= 1) {
                ranges.add(new Range(tag, weight, i));
            }
        }
        ranges.sort(Comparator.comparingDouble(Range::weight).reversed().thenComparingInt(Range::order));
        for (Range range : ranges) {
            String primary = range.tag().split("-", 2)[0];
            if (primary.equals("en") || primary.equals("fr")) {
                return primary;
            }
            if (primary.equals("*")) {
                return fallback.get();
            }
        }
        return fallback.get();
    }
}
