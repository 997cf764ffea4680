package org.ferry.admin.internal.http;

import java.util.List;

/**
 * A page of a list: the items and the link to the next page, or {@code null} on the last.
 *
 * @param items the items of this page
 * @param next  the path and query of the next page, or {@code null}
 */
public record Page<T>(List<T> items, String next) {
    public static <T> Page<T> of(List<T> items) {
        return new Page<>(items, null);
    }
}
