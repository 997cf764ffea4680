package org.ferry.admin.internal.http;

import java.util.List;

import jakarta.ws.rs.core.UriInfo;

/**
 * The {@code offset} and {@code limit} of a list request, and the {@link Page} it answers. The limit
 * defaults to 50 and is capped at 500, so no list answer grows with the size of the store. Values out of
 * range are a 400 naming the parameter, as for any query parameter.
 *
 * @param offset items to skip
 * @param limit  items to return at most
 */
public record Paging(int offset, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public static Paging of(Integer offset, Integer limit) {
        int o = offset == null ? 0 : offset;
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (o < 0) {
            throw ProblemException.badParameter("offset", "must be 0 or more");
        }
        if (l < 1) {
            throw ProblemException.badParameter("limit", "must be 1 or more");
        }
        return new Paging(o, Math.min(l, MAX_LIMIT));
    }

    /**
     * Paging from the raw parameters: a value that is not a number is a 400 naming the parameter, where JAX-RS
     * would answer a bare 404 for an {@code Integer} parameter it cannot convert.
     */
    public static Paging parse(String offset, String limit) {
        return of(number("offset", offset), number("limit", limit));
    }

    private static Integer number(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, "must be a whole number, not '" + value + "'");
        }
    }

    /** A page of a list the service returned whole. */
    public <T> Page<T> slice(List<T> all, UriInfo uri) {
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        return new Page<>(List.copyOf(all.subList(from, to)), to < all.size() ? next(uri) : null);
    }

    /** A page of a list the service paged itself, asked for {@link #fetch()} items to learn whether more follow. */
    public <T> Page<T> ofFetched(List<T> fetched, UriInfo uri) {
        boolean more = fetched.size() > limit;
        return new Page<>(List.copyOf(more ? fetched.subList(0, limit) : fetched), more ? next(uri) : null);
    }

    /** How many items to ask a paging service for: one more than the page, to know whether another follows. */
    public int fetch() {
        return limit + 1;
    }

    private String next(UriInfo uri) {
        var next = uri.getRequestUriBuilder()
                .replaceQueryParam("offset", offset + limit)
                .replaceQueryParam("limit", limit)
                .build();
        return next.getRawPath() + "?" + next.getRawQuery();
    }
}
