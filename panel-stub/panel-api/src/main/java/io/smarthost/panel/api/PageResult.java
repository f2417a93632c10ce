package io.smarthost.panel.api;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of a longer list.
 *
 * @param items  the items on this page
 * @param total  how many items match in all
 * @param offset index of the first item
 * @param limit  page size asked for
 * @since 1.0
 */
public record PageResult<T>(List<T> items, long total, int offset, int limit) {
    public PageResult {
        items = List.copyOf(items);
    }

    /**
     * Builds a page from matches offered in order: keeps those from {@code offset}, at most {@code limit}, and
     * counts them up to {@code countLimit} (the total is {@code min(matches, countLimit)}), reading on past that
     * limit until the page is full: a count limit below the page's end means "no count", never "no page".
     *
     * @since 1.3
     */
    public static final class Collector<T> {
        private final int offset;
        private final int limit;
        private final long countLimit;
        private final List<T> items = new ArrayList<>();
        private long seen;

        public Collector(int offset, int limit, long countLimit) {
            this.offset = Math.max(0, offset);
            this.limit = Math.max(0, limit);
            this.countLimit = Math.max(0, countLimit);
        }

        /** Takes the next match; answers whether more are wanted. */
        public boolean offer(T item) {
            if (seen >= offset && items.size() < limit) {
                items.add(item);
            }
            seen++;
            return seen < wanted();
        }

        /** How many matches are wanted at most: to the count limit, and at least to the page's end. */
        public long wanted() {
            return Math.max(countLimit, (long) offset + limit);
        }

        public PageResult<T> result() {
            return new PageResult<>(items, Math.min(seen, countLimit), offset, limit);
        }
    }
}
