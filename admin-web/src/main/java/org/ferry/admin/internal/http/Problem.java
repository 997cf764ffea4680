package org.ferry.admin.internal.http;

import java.util.List;

import org.ferry.api.error.FieldProblem;

/**
 * The RFC 9457 problem body every error of the admin API has.
 *
 * @param type   a URI naming the kind of problem
 * @param title  the HTTP reason phrase
 * @param status the HTTP status
 * @param detail what went wrong, for a person
 * @param errors the fields at fault, for validation errors; empty otherwise
 */
public record Problem(String type, String title, int status, String detail, List<FieldProblem> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
