package io.smarthost.panel.api;

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
}
